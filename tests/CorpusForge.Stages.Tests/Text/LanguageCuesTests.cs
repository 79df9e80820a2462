using CorpusForge.Stages.Text.LanguageId;

namespace CorpusForge.Stages.Tests.Text;

public class LanguageCuesTests
{
    private static string? CueOf(LanguageCueSet cues, string word)
    {
        var cue = cues.Match(word);
        return cue < 0 ? null : cues.Cues[cue];
    }

    [Theory]
    // Yat: the same words with ijekavian "ije"/"je" and ekavian "e", including inflected and derived forms.
    [InlineData("vrijeme", "ijekavian")]
    [InlineData("vreme", "ekavian")]
    [InlineData("rijeka", "ijekavian")]
    [InlineData("reka", "ekavian")]
    [InlineData("mlijeko", "ijekavian")]
    [InlineData("mleko", "ekavian")]
    [InlineData("svjetskog", "ijekavian")]
    [InlineData("svetskog", "ekavian")]
    [InlineData("razumjeti", "ijekavian")]
    [InlineData("zahtevima", "ekavian")]
    // Lexical pairs, and the verb classes -izirati (Croatian) and -izovati (Bosnian, Serbian).
    [InlineData("tko", "croatian")]
    [InlineData("ko", "bosnian-serbian")]
    [InlineData("tisuća", "croatian")]
    [InlineData("hiljadu", "bosnian-serbian")]
    [InlineData("obiteljske", "croatian")]
    [InlineData("porodičnog", "bosnian-serbian")]
    [InlineData("siječnja", "croatian")]
    [InlineData("januara", "bosnian-serbian")]
    [InlineData("organizirati", "croatian")]
    [InlineData("organizovati", "bosnian-serbian")]
    [InlineData("historijski", "bosnian")]
    [InlineData("istorijski", "serbian")]
    [InlineData("radićemo", "serbian")]
    public void SerboCroatianCuesFollowTheDocumentedDifferences(string word, string cue) =>
        Assert.Equal(cue, CueOf(LanguageCues.SerboCroatian, word));

    [Theory]
    // Forms that are ordinary words in more than one member must not count: "sveta" (holy), "leta" (of a flight),
    // "prijatelj" (friend, not a yat reflex), "informacije", "želje" (wishes), "bića" (beings), "nije" (both reflexes),
    // short words that only look like a joined future ("plaću", a Croatian salary).
    [InlineData("sveta")]
    [InlineData("leta")]
    [InlineData("prijatelj")]
    [InlineData("prijava")]
    [InlineData("informacije")]
    [InlineData("želje")]
    [InlineData("bića")]
    [InlineData("nije")]
    [InlineData("plaću")]
    [InlineData("instalirati")]
    public void WordsSharedByTheMembersAreNoCue(string word) => Assert.Null(CueOf(LanguageCues.SerboCroatian, word));

    [Theory]
    [InlineData("kerana", "malay")]
    [InlineData("karena", "indonesian")]
    [InlineData("bahawa", "malay")]
    [InlineData("bahwa", "indonesian")]
    [InlineData("universiti", "malay")]
    [InlineData("universitas", "indonesian")]
    [InlineData("kualitas", "indonesian")]
    [InlineData("televisyen", "malay")]
    [InlineData("konvensyen", "malay")]
    [InlineData("batas", null)]
    [InlineData("kereta", null)]
    [InlineData("adalah", null)]
    public void MalayIndonesianCuesFollowTheDocumentedDifferences(string word, string? cue) =>
        Assert.Equal(cue, CueOf(LanguageCues.MalayIndonesian, word));

    [Fact]
    public void TheCuePartCountsMatchesPerCueAndWeighsThemPerLanguage()
    {
        var cues = LanguageCues.SerboCroatian;
        var counts = LanguageGroupModel.CueCounts(cues, "Tko zna gdje je rijeka? Hiljadu ljudi, VRIJEME je.");
        Assert.Equal(3, counts[cues.Cues.ToList().IndexOf("ijekavian")]);
        Assert.Equal(1, counts[cues.Cues.ToList().IndexOf("croatian")]);
        Assert.Equal(1, counts[cues.Cues.ToList().IndexOf("bosnian-serbian")]);

        // A model whose only weights are cue weights decides by the cues alone.
        string[] languages = ["bs", "hr", "sr"];
        var words = languages.Select(_ => new float[LanguageGroupModel.WordBuckets]).ToArray();
        var chars = languages.Select(_ => new float[LanguageGroupModel.CharBuckets]).ToArray();
        var weights = languages.Select(l => cues.Languages.Select(ls => ls.Contains(l) ? 2f : 0f).ToArray()).ToArray();
        var model = new LanguageGroupModel(languages, words, chars, [0, 0, 0], cues: cues, cueWeights: weights);
        Assert.Equal(2, ArgMax(model.Probabilities("Gde je reka? Ovde je vreme lepo.")));
        Assert.Equal(1, ArgMax(model.Probabilities("Tko zna gdje je obitelj?")));
        Assert.Equal(0, ArgMax(model.Probabilities("Ko zna gdje je porodica? Lahko je.")));
    }

    [Fact]
    public void ModelFilesKeepTheirCuesAndRefuseOnesThatDoNotMatchThisBuild()
    {
        var cues = LanguageCues.MalayIndonesian;
        string[] languages = ["id", "ms"];
        var words = languages.Select(_ => new float[LanguageGroupModel.WordBuckets]).ToArray();
        var chars = languages.Select(_ => new float[LanguageGroupModel.CharBuckets]).ToArray();
        var weights = new[] { new[] { 0f, 3f }, new[] { 3f, 0f } };
        var model = new LanguageGroupModel(languages, words, chars, [0, 0], cues: cues, cueWeights: weights);
        using var stream = new MemoryStream();
        LanguageGroupModel.Save(stream, [model]);
        var bytes = stream.ToArray();
        var loaded = LanguageGroupModel.Load(new MemoryStream(bytes), "cues.bin").Single();
        Assert.Same(cues, loaded.Cues);
        Assert.Equal(model.Probabilities("kerana bahawa wang")[1], loaded.Probabilities("kerana bahawa wang")[1], 6);
        Assert.True(loaded.Probabilities("kerana bahawa wang")[1] > 0.99);

        // The same file with a cue renamed (as an older or newer build would have written it) is refused by name.
        var renamed = Rewrite(bytes, "indonesian", "indonesiax");
        var error = Assert.Throws<InvalidDataException>(() => LanguageGroupModel.Load(new MemoryStream(renamed), "cues.bin"));
        Assert.Contains("cues.bin", error.Message);
        Assert.Contains("indonesiax", error.Message);
    }

    [Fact]
    public void CueSetsRejectAnEntryListedTwice()
    {
        var error = Assert.Throws<ArgumentException>(() => new LanguageCueSet("x/y", [("a", ["x"], "kata"), ("b", ["y"], "kata")]));
        Assert.Contains("kata", error.Message);
    }

    private static int ArgMax(double[] values) => Array.IndexOf(values, values.Max());

    /// <summary>Decompresses a group-model file, replaces a string of the same length, compresses it again.</summary>
    private static byte[] Rewrite(byte[] file, string from, string to)
    {
        using var input = new System.IO.Compression.BrotliStream(new MemoryStream(file), System.IO.Compression.CompressionMode.Decompress);
        using var raw = new MemoryStream();
        input.CopyTo(raw);
        var bytes = raw.ToArray();
        var needle = System.Text.Encoding.UTF8.GetBytes(from);
        var at = bytes.AsSpan().IndexOf(needle);
        Assert.True(at >= 0);
        System.Text.Encoding.UTF8.GetBytes(to).CopyTo(bytes, at);
        using var output = new MemoryStream();
        using (var brotli = new System.IO.Compression.BrotliStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)) brotli.Write(bytes);
        return output.ToArray();
    }
}
