using CorpusForge.Core.Documents;
using CorpusForge.Stages.Readers;
using CorpusForge.Stages.Readers.Code;
using CorpusForge.Stages.Tests.Support;

namespace CorpusForge.Stages.Tests.Readers;

public sealed class CodeRepositoryReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _repo;

    public CodeRepositoryReaderTests()
    {
        _repo = _temp.CopyTree(SourceSamples.Sample("code/tinyrepo"), "tinyrepo");
        // A VCS folder cannot be checked in inside the sample, so the test adds one.
        _temp.Write("tinyrepo/.git/HEAD", "ref: refs/heads/main\n");
        _temp.Write("tinyrepo/.git/config", "[core]\n\tbare = false\n");
    }

    public void Dispose() => _temp.Dispose();

    private (List<Document> Documents, List<CorpusForge.Core.Stages.BadRecord> Bad) Read(CodeRepositoryReaderOptions? options = null, string? path = null) =>
        SourceSamples.ReadAll(new CodeRepositoryReader(options ?? new CodeRepositoryReaderOptions()), SourceSamples.Input(path ?? _repo));

    private static string? Skip(Document d) => d.Metadata.GetValueOrDefault("skip_reason") as string;

    [Fact]
    public void SkipsVendoredGeneratedBinaryLockAndIgnoredFilesWithReasons()
    {
        var (docs, bad) = Read();
        Assert.Empty(bad);
        var skipped = docs.Where(d => Skip(d) is not null).ToDictionary(d => d.Path!, d => Skip(d)!);
        Assert.Equal(new Dictionary<string, string>
        {
            [".git/HEAD"] = "vcs", [".git/config"] = "vcs",
            ["assets/glyphs.dat"] = "binary", ["assets/logo.png"] = "binary",
            ["build/out.js"] = "gitignored", ["local-only.txt"] = "gitignored", ["logs/debug.log"] = "gitignored",
            ["node_modules/left-pad/index.js"] = "vendored", ["node_modules/left-pad/package.json"] = "vendored",
            ["vendor/github.com/acme/lib.go"] = "vendored",
            ["package-lock.json"] = "lock_file",
            ["src/api_pb2.py"] = "generated", ["src/schema.ts"] = "generated",
            ["static/app.min.js"] = "minified", ["static/bundle.js"] = "minified",
        }.OrderBy(kv => kv.Key), skipped.OrderBy(kv => kv.Key));
        Assert.All(docs.Where(d => Skip(d) is not null), d => Assert.Equal("", d.Text));

        var kept = docs.Where(d => Skip(d) is null).Select(d => d.Path).ToList();
        Assert.Equal(new[]
        {
            ".gitignore", "Dockerfile", "LICENSE", "Makefile", "README.md", "package.json",
            "config/service.env", "docs/orders.xml", "keys/deploy_key.pem", "logs/keep.log", "scripts/deploy",
            "src/Main.java", "src/app.py", "src/font_table.c", "src/index.html", "src/lib.rs", "src/lookup.py", "src/server.js",
            "src/settings.yaml", "src/util.go",
        }, kept);
    }

    [Fact]
    public void DocumentsCarryRepoPathLanguageSizeAndLicence()
    {
        var (docs, _) = Read();
        var byPath = docs.ToDictionary(d => d.Path!);
        var app = byPath["src/app.py"];
        Assert.Equal("tinyrepo/src/app.py", app.Id);
        Assert.Equal("tinyrepo", app.Metadata["repo"]);
        Assert.Equal("src/app.py", app.Metadata["path"]);
        Assert.Equal("Python", app.Metadata["language"]);
        Assert.Equal(new FileInfo(Path.Combine(_repo, "src/app.py")).Length, app.Metadata["size"]);
        Assert.Equal("MIT", app.Metadata["license"]);
        Assert.Equal("LICENSE", app.Metadata["license_file"]);
        Assert.Equal("tinyrepo/src/app.py", app.Provenance.File);
        Assert.Equal(File.ReadAllText(Path.Combine(_repo, "src/app.py")), app.Text);
        var languages = new Dictionary<string, string?>
        {
            ["Dockerfile"] = "Dockerfile", ["Makefile"] = "Makefile", ["scripts/deploy"] = "Shell", ["src/Main.java"] = "Java",
            ["src/lib.rs"] = "Rust", ["src/util.go"] = "Go", ["src/server.js"] = "JavaScript", ["src/settings.yaml"] = "YAML",
            ["src/index.html"] = "HTML", ["docs/orders.xml"] = "XML", ["README.md"] = "Markdown", ["src/font_table.c"] = "C",
            ["LICENSE"] = null,
        };
        foreach (var (path, language) in languages) Assert.Equal(language, byPath[path].Metadata["language"]);
    }

    [Fact]
    public void OutputIsDeterministic()
    {
        var first = Read().Documents.Select(d => d.Id + "|" + Skip(d) + "|" + d.Text.Length).ToList();
        var second = Read().Documents.Select(d => d.Id + "|" + Skip(d) + "|" + d.Text.Length).ToList();
        Assert.Equal(first, second);
    }

    [Fact]
    public void InvalidUtf8SourceIsQuarantinedAndTheWalkGoesOn()
    {
        _temp.WriteBytes("tinyrepo/src/legacy.c", [.. "int main() { return 0; } /* caf"u8, 0xE9, .. " */\n"u8]);
        var (docs, bad) = Read();
        var record = Assert.Single(bad);
        Assert.Equal("tinyrepo/src/legacy.c", record.Where.File);
        Assert.Equal("src/legacy.c: invalid UTF-8 at byte 31", record.Reason);
        Assert.Contains(docs, d => d.Path == "src/util.go");

        var (lenient, lenientBad) = Read(new CodeRepositoryReaderOptions { Encoding = TextEncodingChoice.Auto });
        Assert.Empty(lenientBad);
        Assert.Equal("windows-1252", lenient.Single(d => d.Path == "src/legacy.c").Metadata["encoding"]);
    }

    [Fact]
    public void SymlinkLoopIsSkippedWithReasonAndTheWalkEnds()
    {
        Directory.CreateSymbolicLink(Path.Combine(_repo, "src", "loop"), _repo);
        File.CreateSymbolicLink(Path.Combine(_repo, "a.txt"), Path.Combine(_repo, "b.txt"));
        File.CreateSymbolicLink(Path.Combine(_repo, "b.txt"), Path.Combine(_repo, "a.txt"));
        File.CreateSymbolicLink(Path.Combine(_repo, "outside.txt"), SourceSamples.Sample("books/old-small-print.txt"));
        File.CreateSymbolicLink(Path.Combine(_repo, "alias.py"), Path.Combine(_repo, "src", "app.py"));

        var (followed, bad) = Read(new CodeRepositoryReaderOptions { FollowSymlinks = true });
        Assert.Empty(bad);
        var reasons = followed.ToDictionary(d => d.Path!, Skip);
        Assert.Equal("symlink_loop", reasons["src/loop"]);
        Assert.Equal("symlink_loop", reasons["a.txt"]);
        Assert.Equal("symlink_loop", reasons["b.txt"]);
        Assert.Equal("symlink_outside_repository", reasons["outside.txt"]);
        Assert.Null(reasons["alias.py"]);
        Assert.Equal(File.ReadAllText(Path.Combine(_repo, "src", "app.py")), followed.Single(d => d.Path == "alias.py").Text);
        // The real folders are still read under their own paths.
        Assert.Null(reasons["src/app.py"]);

        var (notFollowed, _) = Read();
        Assert.All(new[] { "src/loop", "a.txt", "b.txt", "outside.txt", "alias.py" },
            p => Assert.Equal("symlink", Skip(notFollowed.Single(d => d.Path == p))));
    }

    [Fact]
    public void FollowedFolderLinksThatPointSidewaysAreReadAndMutualLinksStop()
    {
        _temp.Write("tinyrepo/shared/common.py", "SHARED = 1\n");
        Directory.CreateSymbolicLink(Path.Combine(_repo, "docs", "shared-link"), Path.Combine(_repo, "shared"));
        Directory.CreateSymbolicLink(Path.Combine(_repo, "shared", "docs-link"), Path.Combine(_repo, "docs"));
        var (docs, bad) = Read(new CodeRepositoryReaderOptions { FollowSymlinks = true });
        Assert.Empty(bad);
        var reasons = docs.ToDictionary(d => d.Path!, Skip);
        Assert.Null(reasons["shared/common.py"]);
        Assert.Null(reasons["docs/shared-link/common.py"]);
        Assert.Equal("symlink_loop", reasons["docs/shared-link/docs-link"]);
        Assert.Equal("symlink_loop", reasons["shared/docs-link/shared-link"]);
    }

    [Fact]
    public void TooLargeFilesAreSkipped()
    {
        var (docs, _) = Read(new CodeRepositoryReaderOptions { MaxFileBytes = 600 });
        Assert.Equal("too_large", Skip(docs.Single(d => d.Path == "LICENSE")));
        Assert.Null(Skip(docs.Single(d => d.Path == "src/util.go")));
    }

    [Fact]
    public void SkippedFilesCanBeLeftOut()
    {
        var (docs, _) = Read(new CodeRepositoryReaderOptions { EmitSkipped = false });
        Assert.Equal(20, docs.Count);
        Assert.All(docs, d => Assert.Null(Skip(d)));
    }

    [Fact]
    public void NestedGitignoreOverridesParent()
    {
        _temp.Write("tinyrepo/src/.gitignore", "!debug.log\n*.tmp\n");
        _temp.Write("tinyrepo/src/debug.log", "wanted here\n");
        _temp.Write("tinyrepo/src/x.tmp", "scratch\n");
        var (docs, _) = Read();
        Assert.Null(Skip(docs.Single(d => d.Path == "src/debug.log")));
        Assert.Equal("gitignored", Skip(docs.Single(d => d.Path == "src/x.tmp")));
        Assert.Equal("gitignored", Skip(docs.Single(d => d.Path == "logs/debug.log")));
    }

    [Fact]
    public void GitInfoExcludeIsRespectedBelowGitignoreFiles()
    {
        _temp.Write("tinyrepo/.git/info/exclude", "*.md\n");
        _temp.Write("tinyrepo/docs/.gitignore", "!notes.md\n");
        _temp.Write("tinyrepo/docs/notes.md", "# notes\n");
        var (docs, _) = Read();
        Assert.Equal("gitignored", Skip(docs.Single(d => d.Path == "README.md")));
        Assert.Null(Skip(docs.Single(d => d.Path == "docs/notes.md")));
    }

    [Fact]
    public void ReadsAListOfRepositoriesAndReportsMissingOnes()
    {
        _temp.Write("second/main.py", "print('second')\n");
        var list = _temp.Write("repos.txt", "# repositories to read\ntinyrepo\n\nsecond/\nmissing-repo\n");
        var (docs, bad) = Read(path: list);
        Assert.Contains(docs, d => d.Id == "tinyrepo/src/app.py");
        var second = Assert.Single(docs, d => d.Id == "second/main.py");
        Assert.Equal("second", second.Metadata["repo"]);
        Assert.Null(second.Metadata["license"]);
        var missing = Assert.Single(bad);
        Assert.Equal(4, missing.Where.Record);
        Assert.StartsWith("repository folder not found: missing-repo", missing.Reason);
    }

    [Fact]
    public void ListedRepositoriesGiveRepoRelativeIdsAndQuarantineNamesEvenForAbsolutePaths()
    {
        var elsewhere = _temp.WriteBytes("far/away/readability/src/broken.txt", [0xC3, 0x28, 0x41]);
        _temp.Write("far/away/readability/index.js", "module.exports = 1;\n");
        var absolute = Path.GetDirectoryName(Path.GetDirectoryName(elsewhere))!;
        var list = _temp.Write("lists/repos.txt", $"{absolute}\n../tinyrepo\n");
        var (docs, bad) = Read(new CodeRepositoryReaderOptions { Encoding = TextEncodingChoice.Utf8 }, list);
        Assert.Contains(docs, d => d.Id == "readability/index.js");
        Assert.Contains(docs, d => d.Id == "tinyrepo/src/app.py");
        Assert.All(docs, d => Assert.DoesNotContain(_temp.Path, d.Id));
        Assert.All(docs, d => Assert.DoesNotContain(_temp.Path, d.Provenance.File));
        var broken = Assert.Single(bad, b => b.Where.File.EndsWith("broken.txt", StringComparison.Ordinal));
        Assert.Equal("readability/src/broken.txt", broken.Where.File);
    }

    [Theory]
    [InlineData("tinyrepo", "/x/tinyrepo", "tinyrepo")]
    [InlineData("./vendor/lua/", "/x/vendor/lua", "vendor/lua")]
    [InlineData("../deps/lua", "/deps/lua", "lua")]
    [InlineData("/tmp/abc/readability", "/tmp/abc/readability", "readability")]
    public void RepositoryNameNeverCarriesAnAbsolutePath(string line, string folder, string expected) =>
        Assert.Equal(expected, CodeRepositoryReader.RepositoryName(line, folder));
}
