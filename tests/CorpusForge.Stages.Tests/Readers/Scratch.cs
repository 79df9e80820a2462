using System.IO.Compression;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Tests.Readers;

/// <summary>A temporary folder for one test, removed afterwards, with helpers to write inputs.</summary>
public sealed class Scratch : IDisposable
{
    public Scratch()
    {
        Root = Path.Combine(Path.GetTempPath(), "cf-io-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public InputFile Write(string relative, byte[] bytes)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return Input(relative);
    }

    public InputFile Write(string relative, string text) => Write(relative, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Writes <paramref name="text"/> compressed with the codec the file name's extension names.</summary>
    public InputFile WriteCompressed(string relative, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return Write(relative, Compress(bytes, relative));
    }

    public static byte[] Compress(byte[] bytes, string name)
    {
        var output = new MemoryStream();
        using (var stream = name.EndsWith(".gz", StringComparison.Ordinal)
                   ? new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)
                   : (Stream)new ZstdSharp.CompressionStream(output, 3, leaveOpen: true))
            stream.Write(bytes);
        return output.ToArray();
    }

    public InputFile Input(string relative)
    {
        var path = PathOf(relative);
        var length = File.Exists(path) ? new FileInfo(path).Length : 0;
        return new InputFile(path, relative.Replace('\\', '/'), "test", length);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a failing test must not hide that test's own error.
        }
    }
}
