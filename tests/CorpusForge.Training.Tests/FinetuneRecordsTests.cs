using CorpusForge.Stages.Chat;
using CorpusForge.Stages.Tokenization;
using CorpusForge.Training.Data;
using CorpusForge.Training.Finetuning;

namespace CorpusForge.Training.Tests;

public sealed class FinetuneRecordsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cf-ftdata-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(params string[] lines)
    {
        var path = Path.Combine(_folder, $"f{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void SftRowsOfBothShapesReadAndBadRowsAreQuarantinedWithLineAndReason()
    {
        var path = Write(
            """{"prompt": "Hi?", "response": "Hello.", "system": "Be brief."}""",
            "",
            """{"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}, {"role": "user", "content": "c"}, {"role": "assistant", "content": "d"}]}""",
            """{"prompt": "no answer"}""",
            """{"messages": [{"role": "robot", "content": "x"}]}""",
            """{"messages": [{"role": "user", "content": "only a question"}]}""",
            """not json""",
            """["an", "array"]""",
            """{"prompt": "Q", "response": 42}""");
        var set = FinetuneRecords.ReadSft(path);
        Assert.Equal([1, 3], set.Rows.Select(r => r.Line));
        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant], set.Rows[0].Value.Messages.Select(m => m.Role));
        Assert.Equal(4, set.Rows[1].Value.Messages.Count);
        Assert.Equal([4, 5, 6, 7, 8, 9], set.Quarantined.Select(q => q.Line));
        Assert.Contains("missing 'response'", set.Quarantined[0].Reason);
        Assert.Contains("'robot' is not system, user or assistant", set.Quarantined[1].Reason);
        Assert.Contains("no assistant message", set.Quarantined[2].Reason);
        Assert.StartsWith("invalid JSON", set.Quarantined[3].Reason);
        Assert.Contains("expected a JSON object", set.Quarantined[4].Reason);
        Assert.Contains("'response' must be a string, got number", set.Quarantined[5].Reason);

        var quarantine = set.WriteQuarantine(Path.Combine(_folder, "q", "sft.jsonl"))!;
        var lines = File.ReadAllLines(quarantine);
        Assert.Equal(6, lines.Length);
        Assert.Contains("\"line\":4", lines[0]);
        Assert.Contains("not json", lines[3]);
    }

    [Fact]
    public void AFileWithoutUsableRowsIsAnErrorNamingTheFirstProblem()
    {
        var path = Write("""{"prompt": 1}""");
        var error = Assert.Throws<InvalidDataException>(() => FinetuneRecords.ReadSft(path));
        Assert.Contains($"{path}:1:", error.Message);
        Assert.Throws<FileNotFoundException>(() => FinetuneRecords.ReadSft(Path.Combine(_folder, "missing.jsonl")));
    }

    [Fact]
    public void RankedResponsesExpandIntoEveryBetterWorsePair()
    {
        var path = Write(
            """{"prompt": "p", "ranked": ["best", "middle", "worst"]}""",
            """{"prompt": "q", "chosen": "yes", "rejected": "no"}""",
            """{"prompt": "r", "chosen": "same", "rejected": "same"}""",
            """{"prompt": "s", "ranked": ["only one"]}""");
        var set = FinetuneRecords.ReadPreferences(path);
        Assert.Equal([("best", "middle"), ("best", "worst"), ("middle", "worst"), ("yes", "no")], set.Rows.Select(r => (r.Value.Chosen, r.Value.Rejected)));
        Assert.Equal([1, 1, 1, 2], set.Rows.Select(r => r.Line));
        Assert.Equal(2, set.Quarantined.Count);
    }

    [Fact]
    public void MultipleChoiceAnswersByIndexOrTextAndPromptsMustEndWithTheUser()
    {
        var mc = Write(
            """{"question": "2+2?", "choices": ["3", "4"], "answer": 1}""",
            """{"question": "Sky?", "choices": ["blue", "green"], "answer": "blue"}""",
            """{"question": "x", "choices": ["a", "b"], "answer": 2}""",
            """{"question": "x", "choices": ["a", "b"], "answer": "c"}""");
        var set = FinetuneRecords.ReadMultipleChoice(mc);
        Assert.Equal([1, 0], set.Rows.Select(r => r.Value.Answer));
        Assert.All(set.Quarantined, q => Assert.Contains("names no choice", q.Reason));

        var prompts = FinetuneRecords.ReadPrompts(Write(
            """{"prompt": "hello"}""",
            """{"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]}"""));
        Assert.Single(prompts.Rows);
        Assert.Contains("must end with a user message", prompts.Quarantined[0].Reason);
    }

    [Fact]
    public void TemplateTrainsOnlyAssistantContentAndItsEndAndNeverLetsContentForgeMarkup()
    {
        var codec = ByteCodec.Plain.WithSpecialTokens(ChatTemplate.SpecialTokens);
        var template = new ChatTemplate(codec);
        var (ids, targets) = template.Render([new ChatMessage(ChatRole.User, "hi<|end|>"), new ChatMessage(ChatRole.Assistant, "yo")]);
        var user = codec.Identity.SpecialTokens["<|user|>"];
        int[] expected = [256, user, .. "hi<|end|>"u8.ToArray().Select(b => (int)b), template.EndId, template.AssistantId, 'y', 'o', template.EndId];
        Assert.Equal(expected, ids);
        Assert.Equal(3, targets.Count(t => t));
        Assert.True(targets[^1] && targets[^2] && targets[^3] && !targets[^4]);
        Assert.Equal([256, user, 'q', template.EndId, template.AssistantId], template.Prompt([new ChatMessage(ChatRole.User, "q")]));
        Assert.Equal("<|user|>hi<|end|><|end|>", codec.Decode(ids[1..(ids.Length - 4)]));
        Assert.Equal([257, 258, 259, 260], ChatTemplate.SpecialTokens.Select(t => codec.Identity.SpecialTokens[t]));
        Assert.Same(codec, codec.WithSpecialTokens(ChatTemplate.SpecialTokens));
    }
}

public sealed class TokenCodecTests
{
    [Fact]
    public void ChatTokensAreAddedAfterTheVocabularyAndRebuildFromTheIdentity()
    {
        var tokenizer = CorpusForge.Stages.Tokenization.TokenizerFactory.Create(new CorpusForge.Stages.Tokenization.TokenizerSettings { Tokenizer = "cl100k_base" });
        var codec = new TextTokenizerCodec(tokenizer).WithSpecialTokens(ChatTemplate.SpecialTokens);
        Assert.Equal([100277, 100278, 100279, 100280], ChatTemplate.SpecialTokens.Select(t => codec.Identity.SpecialTokens[t]));
        Assert.Equal(100257, codec.Identity.EosId);
        Assert.Equal(100281, codec.Identity.VocabSize);
        // The checkpoint records the identity; rebuilding from it gives the same ids and hash.
        var rebuilt = TokenCodec.FromIdentity(codec.Identity);
        Assert.Equal(codec.Identity.VocabHash, rebuilt.Identity.VocabHash);
        Assert.Equal(codec.Encode("hello <|user|> world"), rebuilt.Encode("hello <|user|> world"));
        Assert.DoesNotContain(100278, codec.Encode("hello <|user|> world"));
    }
}
