using System.Text.Json;

namespace CorpusForge.Cli.Tests;

public class RuntimeConfigTests
{
    [Fact]
    public void The_text_of_a_page_of_one_MiB_stays_off_the_large_object_heap()
    {
        // Common Crawl truncates payloads at 1 MiB; their text is a string of up to 2 MiB (UTF-16), which must be
        // allocated in gen 0: on the large object heap each such string brings the next gen-2 collection closer and
        // is written into freshly committed memory (docs/web.md, WARC reader speed).
        var path = Path.Combine(AppContext.BaseDirectory, "corpusforge.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        var threshold = properties.GetProperty("System.GC.LOHThreshold").GetInt64();
        const long pageString = 2L * 1024 * 1024 + 64;
        Assert.True(threshold > pageString, $"System.GC.LOHThreshold {threshold} does not keep a {pageString}-byte string in gen 0");
    }
}
