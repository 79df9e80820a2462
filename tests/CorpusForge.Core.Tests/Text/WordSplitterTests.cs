using CorpusForge.Core.Text;

namespace CorpusForge.Core.Tests.Text;

public class WordSplitterTests
{
    private static string[] Words(string text) => WordSplitter.Split(text).Select(w => w.Of(text).ToString()).ToArray();

    [Fact]
    public void SplitsOnSpacesAndPunctuation() =>
        Assert.Equal(["Hello", "world", "it's", "e-mail", "time", "3.5"], Words("Hello, world! it's e-mail time: 3.5..."));

    [Fact]
    public void TrailingJoinersAreNotPartOfWords() =>
        Assert.Equal(["end", "dash"], Words("end. dash-"));

    [Fact]
    public void CjkCharactersAreWordsEach() =>
        Assert.Equal(["我", "爱", "北", "京", "Tokyo", "東", "京"], Words("我爱北京。Tokyo 東京"));

    [Fact]
    public void ThaiCharactersKeepTheirMarks()
    {
        var words = Words("กิน");
        Assert.Equal("กิน", string.Concat(words));
        Assert.Equal(2, words.Length);
    }

    [Fact]
    public void AccentedAndCyrillicWordsStayWhole() =>
        Assert.Equal(["Größe", "café", "привет", "мир"], Words("Größe café — привет, мир"));

    [Fact]
    public void EmojiAndSymbolsSeparate() =>
        Assert.Equal(["a", "b"], Words("a 🎉🎉 b #"));

    [Fact]
    public void EmptyAndWhitespaceGiveNoWords()
    {
        Assert.Empty(Words(""));
        Assert.Empty(Words(" \n\t "));
    }
}
