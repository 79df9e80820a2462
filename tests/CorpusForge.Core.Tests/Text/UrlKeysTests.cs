using CorpusForge.Core.State;
using CorpusForge.Core.Text;

namespace CorpusForge.Core.Tests.Text;

/// <summary>Takedown keys: a domain entry covers subdomains, case, a trailing dot and a port; URLs compare normalised;
/// look-alike hosts do not match.</summary>
public sealed class UrlKeysTests
{
    [Theory]
    [InlineData("Example.COM", "example.com")]
    [InlineData("example.com.", "example.com")]
    [InlineData("example.com:8080", "example.com")]
    [InlineData("*.example.com", "example.com")]
    [InlineData("https://www.Example.com:8443/path?q=1", "www.example.com")]
    [InlineData("example.com/some/page", "example.com")]
    [InlineData("[::1]:80", "[::1]")]
    public void Domain_entries_become_host_keys(string entry, string key) => Assert.Equal(key, UrlKeys.DomainKey(entry));

    [Fact]
    public void Tombstones_match_by_domain_url_and_id_with_their_reasons()
    {
        var tombstones = new Tombstones();
        var invalid = new List<string>();
        tombstones.Add(TakedownKind.Domain, Tombstones.Keys(TakedownKind.Domain, ["Bad.Example.", "other.org:443"], invalid));
        tombstones.Add(TakedownKind.Url, Tombstones.Keys(TakedownKind.Url, ["HTTP://Site.NET:80/a?b=1#frag", "not a url"], invalid));
        tombstones.Add(TakedownKind.Id, Tombstones.Keys(TakedownKind.Id, ["doc-7"], invalid));
        Assert.Equal(["not a url"], invalid);

        Assert.Equal("takedown:domain", tombstones.Match("x", "https://WWW.bad.example:8443/page"));
        Assert.Equal("takedown:domain", tombstones.Match("x", "http://bad.example./"));
        Assert.Equal("takedown:domain", tombstones.Match("x", "http://deep.sub.other.org/"));
        Assert.Null(tombstones.Match("x", "http://notbad.example/"));
        Assert.Null(tombstones.Match("x", "http://bad.example.com/"));
        Assert.Equal("takedown:url", tombstones.Match("x", "http://site.net/a?b=1"));
        Assert.Null(tombstones.Match("x", "http://site.net/a?b=2"));
        Assert.Equal("takedown:id", tombstones.Match("doc-7", null));
        Assert.Null(tombstones.Match("doc-8", "not a url"));
    }

    [Fact]
    public void The_tombstone_file_round_trips_and_is_the_same_for_the_same_entries()
    {
        var dir = Path.Combine(Path.GetTempPath(), "cf-tomb-" + Guid.NewGuid().ToString("N"));
        try
        {
            var a = new Tombstones();
            a.Add(TakedownKind.Domain, ["b.org", "a.org"]);
            a.Add(TakedownKind.Id, ["z", "y"]);
            var b = new Tombstones();
            b.Add(TakedownKind.Id, ["y", "z"]);
            b.Add(TakedownKind.Domain, ["a.org", "b.org"]);
            Assert.Equal(a.ToBytes(), b.ToBytes());

            Directory.CreateDirectory(Path.GetDirectoryName(Tombstones.PathIn(dir))!);
            File.WriteAllBytes(Tombstones.PathIn(dir), a.ToBytes());
            var loaded = Tombstones.Load(dir);
            Assert.Equal("takedown:domain", loaded.Match("q", "https://x.b.org/"));
            Assert.Equal("takedown:id", loaded.Match("y", null));
            Assert.True(Tombstones.Load(Path.Combine(dir, "none")).IsEmpty);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
