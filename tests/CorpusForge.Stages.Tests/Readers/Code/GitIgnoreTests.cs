using CorpusForge.Stages.Readers.Code;

namespace CorpusForge.Stages.Tests.Readers.Code;

public class GitIgnoreTests
{
    [Theory]
    // A name without slash matches at any depth, files and folders.
    [InlineData("*.log", "debug.log", false, true)]
    [InlineData("*.log", "a/b/debug.log", false, true)]
    [InlineData("*.log", "debug.log.txt", false, null)]
    // A leading or middle slash anchors the pattern to the .gitignore's folder.
    [InlineData("/todo.txt", "todo.txt", false, true)]
    [InlineData("/todo.txt", "sub/todo.txt", false, null)]
    [InlineData("doc/frotz", "doc/frotz", true, true)]
    [InlineData("doc/frotz", "a/doc/frotz", true, null)]
    // A trailing slash matches folders only.
    [InlineData("build/", "build", true, true)]
    [InlineData("build/", "build", false, null)]
    [InlineData("build/", "src/build", true, true)]
    // Stars do not cross folders; double stars do.
    [InlineData("src/*.c", "src/a.c", false, true)]
    [InlineData("src/*.c", "src/x/a.c", false, null)]
    [InlineData("**/foo", "foo", false, true)]
    [InlineData("**/foo", "a/b/foo", false, true)]
    [InlineData("a/**/b", "a/b", false, true)]
    [InlineData("a/**/b", "a/x/y/b", false, true)]
    [InlineData("abc/**", "abc/x/y", false, true)]
    [InlineData("abc/**", "abc", true, null)]
    // Question marks, classes and escapes.
    [InlineData("file?.txt", "file1.txt", false, true)]
    [InlineData("file?.txt", "file10.txt", false, null)]
    [InlineData("[abc].md", "b.md", false, true)]
    [InlineData("[!abc].md", "b.md", false, null)]
    [InlineData("[!abc].md", "d.md", false, true)]
    [InlineData("\\#notes", "#notes", false, true)]
    [InlineData("\\!important", "!important", false, true)]
    [InlineData("trailing\\ ", "trailing ", false, true)]
    public void MatchesLikeGit(string pattern, string path, bool isDirectory, bool? expected) =>
        Assert.Equal(expected, GitIgnore.Parse(pattern).Match(path, isDirectory));

    [Fact]
    public void LastMatchWinsAndNegationReincludes()
    {
        var rules = GitIgnore.Parse("# comment\n\n*.log\n!keep.log\n   \n");
        Assert.True(rules.Match("x.log", false));
        Assert.False(rules.Match("keep.log", false));
        Assert.Null(rules.Match("notes.txt", false));
    }

    [Fact]
    public void CommentsBlankLinesAndCrLfAreIgnored()
    {
        var rules = GitIgnore.Parse("# *.txt\r\n\r\nout/\r\n");
        Assert.Null(rules.Match("a.txt", false));
        Assert.True(rules.Match("out", true));
        Assert.True(GitIgnore.Parse("#only a comment").IsEmpty);
    }
}
