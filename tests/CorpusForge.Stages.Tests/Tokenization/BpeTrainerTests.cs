using System.Text.Json;
using CorpusForge.Stages.Tokenization;

namespace CorpusForge.Stages.Tests.Tokenization;

public sealed class BpeTrainerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cf-bpe-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind does not fail a test.
        }
    }

    /// <summary>A small generated corpus with a skewed word distribution, punctuation, digits, CRLF and non-Latin text.</summary>
    private static IEnumerable<string> Corpus(int documents, int seed = 1)
    {
        var random = new Random(seed);
        string[] vocabulary = ["the", "tokenizer", "learns", "merges", "from", "frequent", "pairs", "of", "bytes", "données", "数据", "Ünïcode", "naïve", "don't", "it's", "2024", "3.14"];
        for (var d = 0; d < documents; d++)
        {
            var words = Enumerable.Range(0, 40 + random.Next(40)).Select(_ => vocabulary[Math.Min(vocabulary.Length - 1, (int)(random.NextDouble() * random.NextDouble() * vocabulary.Length))]);
            yield return string.Join(random.Next(5) == 0 ? "\r\n" : " ", words) + (d % 3 == 0 ? "!!\n" : ".");
        }
    }

    private BpeVocabulary Train(int vocabSize, string folder, int documents = 300)
    {
        var trainer = new BpeTrainer(new BpeTrainerOptions { VocabSize = vocabSize, SpecialTokens = ["<|endoftext|>", "<|im_start|>"] });
        foreach (var text in Corpus(documents)) trainer.Add(text);
        var vocabulary = trainer.Train();
        vocabulary.Save(Path.Combine(_root, folder));
        return vocabulary;
    }

    [Fact]
    public void TrainedVocabularyLoadsInMicrosoftMLTokenizersAndRoundTrips()
    {
        var vocabulary = Train(330, "v");
        Assert.Equal(330, vocabulary.Count);
        var tokenizer = TokenizerFactory.Create(new TokenizerSettings
        {
            Tokenizer = "bpe",
            Vocab = Path.Combine(_root, "v", "vocab.json"),
            Merges = Path.Combine(_root, "v", "merges.txt"),
        });
        Assert.Equal(328, tokenizer.EosId);
        Assert.Equal(330, tokenizer.VocabSize);
        foreach (var text in Corpus(20, seed: 99).Append("unseen wörds 🎉 and <|endoftext|> text\r\n\tend"))
        {
            var ids = tokenizer.Encode(text);
            Assert.All(ids, id => Assert.InRange(id, 0, 327));
            Assert.Equal(text, tokenizer.Decode(ids));
        }

        Assert.Single(tokenizer.Encode(" tokenizer"));
        Assert.True(tokenizer.Encode(string.Concat(Corpus(20, seed: 5))).Count < string.Concat(Corpus(20, seed: 5)).Length / 3);
    }

    [Fact]
    public void MergesAreAppliedAsLearnedByTheLoader()
    {
        var vocabulary = Train(330, "m");
        var tokenizer = TokenizerFactory.Create(new TokenizerSettings { Tokenizer = "bpe", Vocab = Path.Combine(_root, "m", "vocab.json"), Merges = Path.Combine(_root, "m", "merges.txt") });
        // Every learned token, encoded as text on its own, must come back as itself when it is a whole pre-token.
        for (var id = 256; id < vocabulary.Tokens.Count; id++)
        {
            var text = System.Text.Encoding.UTF8.GetString(vocabulary.Tokens[id]);
            if (!System.Text.Encoding.UTF8.GetBytes(text).AsSpan().SequenceEqual(vocabulary.Tokens[id])) continue;
            var pieces = System.Text.RegularExpressions.Regex.Matches(text, TokenizerFactory.Gpt2Pattern);
            if (pieces.Count != 1) continue;
            Assert.Equal([id], tokenizer.Encode(text));
        }
    }

    [Fact]
    public void TrainingIsDeterministic()
    {
        Train(350, "a");
        Train(350, "b");
        foreach (var file in new[] { "vocab.json", "merges.txt", "bpe.json" })
            Assert.Equal(File.ReadAllText(Path.Combine(_root, "a", file)), File.ReadAllText(Path.Combine(_root, "b", file)));
    }

    [Fact]
    public void FilesFollowTheByteLevelConventions()
    {
        var vocabulary = Train(300, "f");
        var vocab = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(Path.Combine(_root, "f", "vocab.json")))!;
        Assert.Equal(300, vocab.Count);
        Assert.Equal(0x41, vocab["A"]); // byte 0x41 has id 0x41 and stands for itself
        Assert.Equal(32, vocab["Ġ"]);      // the space byte is written as U+0120, as in GPT-2
        Assert.Equal(298, vocab["<|endoftext|>"]);
        Assert.Equal(299, vocab["<|im_start|>"]);
        var merges = File.ReadAllLines(Path.Combine(_root, "f", "merges.txt"));
        Assert.Equal("#version: 0.2", merges[0]);
        Assert.Equal(vocabulary.Merges.Count + 1, merges.Length);
        Assert.All(merges.Skip(1), line => Assert.Equal(2, line.Split(' ').Length));
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(_root, "f", "bpe.json")));
        Assert.Equal(300, metadata.RootElement.GetProperty("vocab_size").GetInt32());
        Assert.Equal(300, metadata.RootElement.GetProperty("documents").GetInt64());
    }

    [Fact]
    public void MinimumFrequencyStopsEarly()
    {
        var trainer = new BpeTrainer(new BpeTrainerOptions { VocabSize = 5000, MinFrequency = 3 });
        trainer.Add("abc abc xyz");
        var vocabulary = trainer.Train();
        Assert.Equal(256, vocabulary.Tokens.Count);
        trainer.Add("abc abc");
        Assert.True(trainer.Train().Tokens.Count > 256);
    }

    [Fact]
    public void OptionsAreValidated() =>
        Assert.Contains("vocab_size", Assert.Throws<ArgumentException>(() => new BpeTrainer(new BpeTrainerOptions { VocabSize = 100 })).Message);

    [Fact]
    public void WithoutAHeldOutBudgetNothingIsWithheldAndASingleDocumentIsTrainedOn()
    {
        var documents = Enumerable.Range(0, 500).Select(i => $"document {i} about tides and harbours").ToList();
        var none = new BpeTrainingSample(1_000_000, 0);
        foreach (var d in documents) none.Offer(d);
        Assert.Equal(500, none.Training().Count);
        Assert.Empty(none.HeldOut());

        var some = new BpeTrainingSample(1_000_000, 1_000_000);
        foreach (var d in documents) some.Offer(d);
        var heldOut = some.HeldOut().Count;
        Assert.InRange(heldOut, 1, 30);
        Assert.Equal(500 - heldOut, some.Training().Count);

        // One document whose key sends it to the held-out set is trained on rather than leaving nothing.
        var lone = documents.First(d => { var s = new BpeTrainingSample(1_000_000, 1_000_000); s.Offer(d); return s.HeldOut().Count == 1; });
        var single = new BpeTrainingSample(1_000_000, 1_000_000);
        single.Offer(lone);
        Assert.Equal([lone], single.Training());
        Assert.Empty(single.HeldOut());
    }

    [Fact]
    public void Gpt2PreTokenizationTreatsLettersAndDigitsBeyondTheBmpAsGpt2Does()
    {
        // U+1D4B3 𝒳 and U+1D4B4 𝒴 are letters (Lu), U+1D7D9 𝟙 a digit (Nd), U+1F642 🙂 a symbol (So). Python's
        // regex (GPT-2, Hugging Face) classifies code points: " 𝒳𝒴z" is one letter piece, " 𝟙𝟙" one number piece.
        var pieces = BpePreTokenizers.Regex("gpt2").Matches("a 𝒳𝒴z 𝟙𝟙 🙂! 𝒳").Select(m => m.Value);
        Assert.Equal(["a", " 𝒳𝒴z", " 𝟙𝟙", " 🙂!", " 𝒳"], pieces);
        // What .NET's per-UTF-16 regex makes of the plain pattern: surrogates are neither letters nor digits.
        var plain = System.Text.RegularExpressions.Regex.Matches("a 𝒳𝒴z", TokenizerFactory.Gpt2Pattern).Select(m => m.Value);
        Assert.Equal(["a", " 𝒳𝒴", "z"], plain);
    }

    [Fact]
    public void TheChosenPreTokenizerIsRecordedAndUsedWhenTheVocabularyEncodes()
    {
        // Long digit runs: GPT-2's split keeps them whole, so merges grow past three digits; cl100k's \p{N}{1,3} never does.
        var text = string.Join(" ", Enumerable.Range(0, 400).Select(i => i % 2 == 0 ? "12345678" : "word"));
        var folders = new Dictionary<string, string>();
        foreach (var name in new[] { "gpt2", "cl100k" })
        {
            var trainer = new BpeTrainer(new BpeTrainerOptions { VocabSize = 300, PreTokenizer = name });
            trainer.Add(text);
            var vocabulary = trainer.Train();
            vocabulary.Save(folders[name] = Path.Combine(_root, name));
            var longestDigits = vocabulary.Tokens.Select(t => System.Text.Encoding.UTF8.GetString(t)).Where(t => t.Trim().All(char.IsAsciiDigit)).Max(t => t.Trim().Length);
            if (name == "gpt2") Assert.True(longestDigits > 3, $"gpt2: longest digit token {longestDigits}");
            else Assert.Equal(3, longestDigits);
            using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(folders[name], "bpe.json")));
            Assert.Equal(name, metadata.RootElement.GetProperty("pre_tokenizer").GetString());
        }

        TextTokenizer Load(string folder) => TokenizerFactory.Create(new TokenizerSettings { Tokenizer = "bpe", Vocab = Path.Combine(folder, "vocab.json"), Merges = Path.Combine(folder, "merges.txt") });
        var cl100k = Load(folders["cl100k"]);
        // Encoding splits as training did: a 6-digit number is two 3-digit pieces.
        Assert.Equal(["123", "456"], cl100k.Encode("123456").Select(id => cl100k.Decode([id])));
        Assert.NotEqual(Load(folders["gpt2"]).Identity.VocabHash, cl100k.Identity.VocabHash);
        Assert.Throws<ArgumentException>(() => new BpeTrainer(new BpeTrainerOptions { PreTokenizer = "p50k" }));
    }
}

