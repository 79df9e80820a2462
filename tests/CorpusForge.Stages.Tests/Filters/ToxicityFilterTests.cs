using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Filters;

namespace CorpusForge.Stages.Tests.Filters;

public sealed class ToxicityFilterTests
{
    private static readonly ComponentContext Context = ComponentContext.ForDirectory(Path.GetTempPath());

    private static (StageResult Result, Document Doc) Run(string text, ToxicityFilterOptions? options = null)
    {
        var doc = new Document { Id = "d", Text = text };
        return (new ToxicityFilter(options ?? new ToxicityFilterOptions(), Context).Process(doc), doc);
    }

    private static string Clean(int words) => string.Join(' ', Enumerable.Range(0, words).Select(i => i % 7 == 0 ? "garden" : "the"));

    [Fact]
    public void Matches_whole_words_case_insensitively_across_punctuation()
    {
        var lexicon = ToxicityLexicon.FromEntries([("shit", "profanity"), ("son of a bitch", "profanity"), ("porn", "adult")]);
        var counts = lexicon.Scan("SHIT! That son-of-a   bitch... Shitake mushrooms, shitty porn; PORN.");
        Assert.Equal(4, counts.Matches);
        Assert.Equal([2, 2], counts.ByCategory);
        Assert.Equal(["shit", "son of a bitch", "porn"], counts.FirstTerms);
        Assert.Equal(0, lexicon.Scan("Scunthorpe, pornography, shitake, sons of bitches").Matches);
    }

    [Fact]
    public void Overlapping_and_adjacent_terms_are_all_counted()
    {
        var lexicon = ToxicityLexicon.FromEntries([("bad", "x"), ("bad word", "x"), ("word", "x")]);
        Assert.Equal(3, lexicon.Scan("bad word").Matches);
        Assert.Equal(3, lexicon.Scan("bad bad bad").Matches);
    }

    [Fact]
    public void Unspaced_scripts_match_inside_runs_and_count_characters_as_words()
    {
        var lexicon = ToxicityLexicon.FromEntries([("色情片", "adult"), ("fuck", "profanity")]);
        var counts = lexicon.Scan("这是色情片网站 fuck");
        Assert.Equal(2, counts.Matches);
        Assert.Equal(8, counts.Words);
    }

    [Fact]
    public void Built_in_lists_cover_several_languages()
    {
        Assert.Contains("en", ToxicityLexicon.BuiltInLanguages);
        Assert.True(ToxicityLexicon.BuiltInLanguages.Count >= 10);
        var lexicon = ToxicityLexicon.Get([], [], []);
        Assert.Equal(1, lexicon.Scan("Was für eine Scheiße").Matches);
        Assert.Equal(1, lexicon.Scan("Вот блять опять").Matches);
        Assert.Equal(1, lexicon.Scan("¡Qué mierda!").Matches);
        Assert.Equal(0, lexicon.Scan("Café con leche, por favor: the cat sat on the mat.").Matches);
    }

    [Fact]
    public void Threshold_boundaries()
    {
        // Score 3 (two strong terms and two adult terms at 0.5) in 300 words: density exactly 0.01 is kept; one word
        // fewer (density > 0.01) is dropped.
        var at = "fuck shit porn porn " + Clean(296);
        var (keep, doc) = Run(at);
        Assert.Equal(StageOutcome.Keep, keep.Outcome);
        Assert.Equal(0.01, (double)doc.Attributes["toxicity.density"]!, 10);
        Assert.Equal(4L, doc.Attributes["toxicity.matches"]);
        Assert.Equal(3.0, doc.Attributes["toxicity.score"]);
        Assert.Equal(2L, doc.Attributes["toxicity.profanity"]);
        Assert.Equal(2L, doc.Attributes["toxicity.adult"]);

        var (drop, _) = Run("fuck shit porn porn " + Clean(295));
        Assert.Equal(StageOutcome.Drop, drop.Outcome);
        Assert.Equal("toxic_terms", drop.Reason);
        Assert.Contains("fuck, shit, porn", drop.Detail);

        // Two strong matches in four words: dense; dropped unless min_matches asks for more.
        Assert.Equal(StageOutcome.Drop, Run("fuck this shit again").Result.Outcome);
        Assert.Equal(StageOutcome.Keep, Run("fuck this shit again", new ToxicityFilterOptions { MinMatches = 3 }).Result.Outcome);
        // Below min_words the density is taken over min_words: 1 / 20 > 0.01.
        Assert.Equal(0.05, (double)Run("fuck this").Doc.Attributes["toxicity.density"]!, 10);
    }

    [Fact]
    public void Language_and_category_options_select_lists()
    {
        Assert.Equal(0L, Run("Scheiße", new ToxicityFilterOptions { Languages = ["en"] }).Doc.Attributes["toxicity.matches"]);
        var adultOnly = Run("fuck porn", new ToxicityFilterOptions { Categories = ["adult"] }).Doc;
        Assert.Equal(1L, adultOnly.Attributes["toxicity.matches"]);
        Assert.False(adultOnly.Attributes.ContainsKey("toxicity.profanity"));
        Assert.Contains("no built-in list for xx", new ToxicityFilterOptions { Languages = ["xx"] }.Validate().Single());
    }

    [Fact]
    public void Extra_lists_are_loaded_and_malformed_ones_name_file_and_line()
    {
        var dir = Directory.CreateTempSubdirectory("cf-tox-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "extra.txt"), "# mine\n[spam]\nbuy now\n");
            File.WriteAllText(Path.Combine(dir.FullName, "bad.txt"), "# no header\nterm\n");
            var context = ComponentContext.ForDirectory(dir.FullName);
            var filter = new ToxicityFilter(new ToxicityFilterOptions { ExtraLists = ["extra.txt"] }, context);
            var doc = new Document { Id = "d", Text = "Buy   NOW!" };
            filter.Process(doc);
            Assert.Equal(1L, doc.Attributes["toxicity.spam"]);
            var error = Assert.Throws<ArgumentException>(() => new ToxicityFilter(new ToxicityFilterOptions { ExtraLists = ["bad.txt"] }, context));
            Assert.Contains("bad.txt:2", error.Message);
            Assert.Throws<FileNotFoundException>(() => new ToxicityFilter(new ToxicityFilterOptions { ExtraLists = ["missing.txt"] }, context));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData(" \n\t ", 0)]
    [InlineData("😀🎉👍🏽", 0)]
    [InlineData("שלום עולם", 2)]
    [InlineData("مرحبا بالعالم", 2)]
    [InlineData("Mixed 日本 text Кириллица", 5)]
    public void Bad_input_scores_zero(string text, int words)
    {
        var counts = ToxicityLexicon.Get([], [], []).Scan(text);
        Assert.Equal(0, counts.Matches);
        Assert.Equal(words, counts.Words);
        Assert.Equal(0, counts.Density);
    }

    [Fact]
    public void One_five_megabyte_word_is_one_word()
    {
        var counts = ToxicityLexicon.Get([], [], []).Scan(new string('f', 5_000_000));
        Assert.Equal(1, counts.Words);
        Assert.Equal(0, counts.Matches);
    }

    [Theory]
    [InlineData("ｆｕｃｋ this")]             // fullwidth letters (NFKC/NFKD)
    [InlineData("fu\u0301ck this")]          // a combining accent inside the word
    [InlineData("fück this")]                 // a precomposed accent
    [InlineData("fuсk this")]                 // Cyrillic с for Latin c
    [InlineData("sh1t happens")]              // a digit for a letter inside the word
    [InlineData("what a b!tch")]
    public void Look_alikes_are_folded(string text) => Assert.Equal(1, ToxicityLexicon.Get(["en"], [], []).Scan(text).Matches);

    [Theory]
    [InlineData("Call 911 or 1-800-555-0199, the @user says 3 shots at $5")]
    [InlineData("Scunthorpe and Penistone are towns; the hoedown was fun")]
    public void Folding_does_not_invent_matches(string text) => Assert.Equal(0, ToxicityLexicon.Get(["en"], [], []).Scan(text).Matches);

    [Fact]
    public void Short_texts_drop_on_one_strong_term_long_ones_need_density()
    {
        Assert.Equal(StageOutcome.Drop, Run("you are such a bitch lol").Result.Outcome);
        // A weak term alone does not decide; two do.
        Assert.Equal(StageOutcome.Keep, Run("that was a stupid idea").Result.Outcome);
        Assert.Equal(StageOutcome.Drop, Run("stupid ugly idea").Result.Outcome);
        // One strong term in 300 words is far below one per hundred.
        var (result, doc) = Run(Clean(300) + " shit " + Clean(300));
        Assert.Equal(StageOutcome.Keep, result.Outcome);
        Assert.Equal(1L, doc.Attributes["toxicity.matches"]);
    }

    // A drop that rests on one strong English term is put to the confirming model, which reads the whole text; two
    // strong terms, or terms from another language's list, drop without asking.
    [Fact]
    public void Drops_on_one_strong_english_term_are_confirmed_by_the_model()
    {
        var model = Path.Combine(Path.GetTempPath(), $"confirm-{Guid.NewGuid():N}.bin");
        try
        {
            var examples = Enumerable.Range(0, 20).SelectMany(i => new[]
            {
                new CorpusForge.Stages.Classification.LabelledText($"that garden bitch sleeps in the garden {i}", "clean"),
                new CorpusForge.Stages.Classification.LabelledText($"you idiot bitch, you idiot {i}", "toxic"),
            }).ToList();
            CorpusForge.Stages.Classification.LinearTextClassifier.Train(examples, CorpusForge.Stages.Classification.TrainingSettings.Default).Save(model);
            var options = new ToxicityFilterOptions { ConfirmModel = model, ConfirmMinProbability = 0.5 };

            var (kept, keptDoc) = Run("the garden bitch", options);
            Assert.Equal(StageOutcome.Keep, kept.Outcome);
            Assert.True((double)keptDoc.Attributes["toxicity.p"]! < 0.5);
            var (dropped, droppedDoc) = Run("you idiot bitch", options);
            Assert.Equal(StageOutcome.Drop, dropped.Outcome);
            Assert.True((double)droppedDoc.Attributes["toxicity.p"]! >= 0.5);
            Assert.Contains("model p", dropped.Detail);
            // Two strong terms: the lists decide alone.
            var (strong, strongDoc) = Run("the garden bitch shit", options);
            Assert.Equal(StageOutcome.Drop, strong.Outcome);
            Assert.False(strongDoc.Attributes.ContainsKey("toxicity.p"));
            // A German term: the English model is not asked.
            var (german, germanDoc) = Run("der garden scheiße", options);
            Assert.Equal(StageOutcome.Drop, german.Outcome);
            Assert.False(germanDoc.Attributes.ContainsKey("toxicity.p"));
            // Off: the lists alone.
            Assert.Equal(StageOutcome.Drop, Run("the garden bitch", new ToxicityFilterOptions { ConfirmModel = "" }).Result.Outcome);
        }
        finally
        {
            File.Delete(model);
        }
    }

    // validate reports a confirming model that is missing or has no `toxic` label, naming the option.
    [Fact]
    public void Confirm_model_is_checked_at_validation()
    {
        Assert.Empty(new ToxicityFilterOptions().ValidateFiles(Context.ResolvePath));
        var missing = Assert.Single(new ToxicityFilterOptions { ConfirmModel = "no/such/model.bin" }.ValidateFiles(Context.ResolvePath));
        Assert.StartsWith("confirm_model: model file", missing);
        Assert.Contains(Path.Combine("no", "such", "model.bin"), missing);
        var model = Path.Combine(Path.GetTempPath(), $"labels-{Guid.NewGuid():N}.bin");
        try
        {
            CorpusForge.Stages.Classification.LinearTextClassifier.Train(
                [new("good text", "edu"), new("spam spam", "spam")], CorpusForge.Stages.Classification.TrainingSettings.Default).Save(model);
            var wrong = Assert.Single(new ToxicityFilterOptions { ConfirmModel = model }.ValidateFiles(Context.ResolvePath));
            Assert.Contains("has no label 'toxic'; its labels are: edu, spam", wrong);
            Assert.Throws<ArgumentException>(() => new ToxicityFilter(new ToxicityFilterOptions { ConfirmModel = model }, Context));
        }
        finally
        {
            File.Delete(model);
        }

        Assert.Contains("confirm_min_probability must be between 0 and 1", new ToxicityFilterOptions { ConfirmMinProbability = 1.5 }.Validate());
        Assert.Contains("confirm_below_score must be positive", new ToxicityFilterOptions { ConfirmBelowScore = 0 }.Validate());
    }

    [Fact]
    public void Category_weights_come_from_list_headers_and_malformed_weights_are_errors()
    {
        var lexicon = ToxicityLexicon.FromEntries([("dumb", "insult:0.5"), ("shit", "profanity")]);
        Assert.Equal(1.5, lexicon.Scan("dumb shit").Score);
        Assert.Equal(["insult", "profanity"], lexicon.Categories);
        var error = Assert.Throws<ArgumentException>(() => ToxicityLexicon.Parse(new StringReader("[insult:2]\nx"), "list.txt").ToList());
        Assert.Contains("list.txt:1", error.Message);
    }

    // An @handle or a link names an account or a page, not the author's words: "RT @hoes: Emma Watson" is clean,
    // while a listed word written after a handle still counts.
    [Theory]
    [InlineData("RT @hoes: RT if you'd marry her", 0)]
    [InlineData("@Chink_19 thanks for the ride", 0)]
    [InlineData("see http://example.com/fuck-this and www.shit.example", 0)]
    [InlineData("@user you bitch", 1)]
    [InlineData("bitch@ home", 1)]
    [InlineData("what a shithole http", 0)]
    public void Handles_and_links_are_not_words(string text, int matches) =>
        Assert.Equal(matches, ToxicityLexicon.Get(["en"], [], []).Scan(text).Matches);

    // A [safe] phrase takes back the listed terms inside it, wherever they matched, and nothing else.
    [Fact]
    public void Safe_phrases_take_back_the_terms_inside_them()
    {
        var lexicon = ToxicityLexicon.FromEntries([("chink", "slur"), ("chinks", "slur"), ("coon", "insult:0.5"), ("damn", "insult:0.5"),
            ("chinks in their armor", "safe"), ("maine coon", "safe")]);
        Assert.Equal(["insult", "slur"], lexicon.Categories);
        var innocent = lexicon.Scan("Too many chinks in their ARMOR; my Maine-Coon sleeps.");
        Assert.Equal((0, 0.0), (innocent.Matches, innocent.Score));
        Assert.Equal([0, 0], innocent.ByCategory);
        var mixed = lexicon.Scan("chinks in their armor, damn chink, maine coon coon");
        Assert.Equal(3, mixed.Matches);
        Assert.Equal([2, 1], mixed.ByCategory);
        Assert.Equal(2.0, mixed.Score);
        // The built-in English list has them too, and a drop needs real evidence.
        Assert.Equal(StageOutcome.Keep, Run("The Maine coon is a gentle cat; there are chinks in the armour.").Result.Outcome);
        Assert.Equal(StageOutcome.Drop, Run("shut up you chink").Result.Outcome);
    }

    // A term written as a hashtag is mentioned, not used: it counts half, so it needs a second term.
    [Theory]
    [InlineData("DRUGS> Is why #Giants are losing #faggots", 0.5, StageOutcome.Keep)]
    [InlineData("#porn,#android,#iphone,#xxx", 0.5, StageOutcome.Keep)]
    [InlineData("#fag you faggot", 1.5, StageOutcome.Drop)]
    [InlineData("#faggots #faggots", 1.0, StageOutcome.Drop)]
    [InlineData("faggots everywhere, C# is fine", 1.0, StageOutcome.Drop)]
    public void Hashtags_are_mentions(string text, double score, StageOutcome outcome)
    {
        var (result, doc) = Run(text, new ToxicityFilterOptions { Languages = ["en"] });
        Assert.Equal(score, doc.Attributes["toxicity.score"]);
        Assert.Equal(outcome, result.Outcome);
    }

    // A term quoted alone or with one other word is mentioned ("what we call \"wiggers\""); a longer quotation, and a
    // term next to the quotation marks but outside them, count in full.
    [Theory]
    [InlineData("what we in Socal call \"wiggers\". #liberals", 0.5)]
    [InlineData("thinking weave is \u201Cratchet\u201D and \u201Cghetto\u201D is wrong", 0.5)]
    [InlineData("the word \"stupid bitch\" is not nice", 0.75)]
    [InlineData("\"Never go full retard\"", 1.0)]
    [InlineData("you bitch \"lol\"", 1.0)]
    [InlineData("he said \"ok\" you bitch", 1.0)]
    [InlineData("a \"bitch\" and a bitch", 1.5)]
    [InlineData("unclosed \"bitch", 1.0)]
    [InlineData("split \"bitch\nover\" lines", 1.0)]
    public void Short_quotations_are_mentions(string text, double score) =>
        Assert.Equal(score, ToxicityLexicon.Get(["en"], [], []).Scan(text).Score);

    [Fact]
    public void Terms_may_carry_their_own_weight_and_malformed_ones_name_file_and_line()
    {
        var entries = ToxicityLexicon.Parse(new StringReader("[insult:0.5]\ncoon = 0.25\ndumb\n[slur]\nkikes=0.5\n"), "list.txt").ToList();
        Assert.Equal(new (string, string, double?)[] { ("coon", "insult:0.5", 0.25), ("dumb", "insult:0.5", null), ("kikes", "slur", 0.5) }, entries);
        var lexicon = ToxicityLexicon.FromEntries(entries);
        Assert.Equal(0.25, lexicon.WeightOf("Coon"));
        Assert.Equal(0.5, lexicon.WeightOf("dumb"));
        Assert.Null(lexicon.WeightOf("nothing"));
        Assert.Equal(1.25, lexicon.Scan("dumb coon kikes").Score);
        Assert.Equal([1, 1], lexicon.Scan("coon kikes").ByCategory);
        foreach (var bad in new[] { "[x]\nterm = 2", "[x]\nterm = none", "[x]\n = 0.5", "[safe]\nmaine coon = 0.5" })
        {
            var error = Assert.Throws<ArgumentException>(() => ToxicityLexicon.Parse(new StringReader(bad), "list.txt").ToList());
            Assert.Contains("list.txt:2", error.Message);
        }
    }

    // The last case splits a phrase at a hashtag: the take-back of "coon dog" exceeds what "#coon" added, and the
    // score stays at zero rather than going below it.
    [Theory]
    [InlineData("momma said no pussy cats inside my doghouse", 0, 0.0)]
    [InlineData("the pussy willow is out; hoe cakes for breakfast", 0, 0.0)]
    [InlineData("pussy cats and a pussy", 1, 1.0)]
    [InlineData("maine #coon and a #coon dog", 0, 0.0)]
    public void Safe_phrases_for_cats_willows_and_cornbread(string text, int matches, double score)
    {
        var counts = ToxicityLexicon.Get(["en"], [], []).Scan(text);
        Assert.Equal((matches, score), (counts.Matches, counts.Score));
    }
}
