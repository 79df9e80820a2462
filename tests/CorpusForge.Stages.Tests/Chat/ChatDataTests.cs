using CorpusForge.Core.Engine;
using CorpusForge.Core.Tokens;
using CorpusForge.Stages.Chat;
using CorpusForge.Stages.Readers;
using CorpusForge.Stages.Tests.Support;
using CorpusForge.Stages.Tokenization;

namespace CorpusForge.Stages.Tests.Chat;

public sealed class ChatDataTests
{
    private const string SftRows = """
        {"prompt": "What do bees make?", "response": "Bees make honey.\n\nAnd wax.", "topic": "insects"}
        {"id": "multi", "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello."}, {"role": "user", "content": "Mail me at ann@example.com"}, {"role": "assistant", "content": "I cannot."}]}
        {"prompt": "no answer"}

        {"messages": [{"role": "robot", "content": "beep"}]}
        not json
        """;

    [Fact]
    public void ChatRowsBecomeDocumentsWhoseTextIsTheContentAndBadRowsAreQuarantinedWithTheirLine()
    {
        using var temp = new TempFolder();
        var input = SourceSamples.Input(temp.Write("sft.jsonl", SftRows));
        var (docs, bad) = SourceSamples.ReadAll(new ChatReader(new ChatReaderOptions()), input);

        Assert.Equal(2, docs.Count);
        Assert.Equal("sft.jsonl#0", docs[0].Id);
        Assert.Equal("What do bees make?\n\nBees make honey.\n\nAnd wax.", docs[0].Text);
        Assert.Equal("insects", docs[0].Metadata["topic"]!.ToString());
        Assert.Equal([new ChatMessage(ChatRole.User, "What do bees make?"), new ChatMessage(ChatRole.Assistant, "Bees make honey.\n\nAnd wax.")], ChatDocument.Messages(docs[0]));
        Assert.Equal("multi", docs[1].Id);
        Assert.DoesNotContain("<|", docs[1].Text);
        Assert.Equal(FinetuneRecords.ParseSft(System.Text.Json.JsonDocument.Parse(SftRows.Split('\n')[1]).RootElement).Messages, ChatDocument.Messages(docs[1]));

        Assert.Equal(3, bad.Count);
        Assert.Equal("sft.jsonl line 3: missing 'response'", bad[0].Reason);
        Assert.Equal("sft.jsonl line 5: messages[0].role 'robot' is not system, user or assistant", bad[1].Reason);
        Assert.StartsWith("sft.jsonl line 6: invalid JSON", bad[2].Reason);
        Assert.Equal(5, bad[2].Where.Record);
    }

    [Fact]
    public void RankedPreferencesExpandIntoOneDocumentPerPairBestFirst()
    {
        using var temp = new TempFolder();
        var input = SourceSamples.Input(temp.Write("prefs.jsonl", """
            {"id": 7, "prompt": "Capital of France?", "ranked": ["Paris.", "Lyon.", "No idea."]}
            {"prompt": "Hi", "chosen": "Hello!", "rejected": "Go away."}
            {"prompt": "Same", "chosen": "x", "rejected": "x"}
            """));
        var (docs, bad) = SourceSamples.ReadAll(new PreferencesReader(new ChatReaderOptions()), input);

        Assert.Equal(["7.0", "7.1", "7.2", "prefs.jsonl#1"], docs.Select(d => d.Id));
        var pairs = docs.Take(3).Select(d => ChatDocument.Segments(d)).Select(s => (s[1].Content, s[2].Content)).ToList();
        Assert.Equal([("Paris.", "Lyon."), ("Paris.", "No idea."), ("Lyon.", "No idea.")], pairs);
        Assert.Equal(["user", "chosen", "rejected"], ChatDocument.Segments(docs[3]).Select(s => s.Label));
        Assert.Equal("Hi\n\nHello!\n\nGo away.", docs[3].Text);
        var reason = Assert.Single(bad).Reason;
        Assert.Equal("prefs.jsonl line 3: chosen and rejected are the same text", reason);

        // A preference is not an SFT example: its parts are not all messages.
        Assert.Throws<InvalidDataException>(() => ChatDocument.Messages(docs[3]));
    }

    [Fact]
    public void TheStructureSurvivesRewritesInsideAParagraphButNotANewBlankLine()
    {
        using var temp = new TempFolder();
        var (docs, _) = SourceSamples.ReadAll(new ChatReader(new ChatReaderOptions()), SourceSamples.Input(temp.Write("sft.jsonl", SftRows)));
        var document = docs[1];
        document.Text = document.Text.Replace("ann@example.com", "<EMAIL>");
        Assert.Equal(new ChatMessage(ChatRole.User, "Mail me at <EMAIL>"), ChatDocument.Messages(document)[3]);

        document.Text = document.Text.Replace("Hello.", "Hello.\n\nInjected");
        var error = Assert.Throws<InvalidDataException>(() => ChatDocument.Messages(document));
        Assert.Contains("sft.jsonl:2 (document multi)", error.Message);
        Assert.Contains("6 paragraphs but its chat structure 5", error.Message);
    }

    [Fact]
    public void ShardsRoundTripAndADamagedShardIsNamed()
    {
        using var temp = new TempFolder();
        var identity = ByteCodec.Plain.WithSpecialTokens(ChatTemplate.SpecialTokens).Identity;
        SftShardExample[] examples = [new("a", [256, 1, 2, 3], [false, false, true, true]), new("b", [256, 259], [false, true])];
        var path = Path.Combine(temp.Path, "x.sftbin");
        using (var stream = File.Create(path)) SftShardFormat.Write(stream, "t", identity, examples);
        var (header, read) = SftShardFormat.Read(path);
        Assert.Equal(6, header.Tokens);
        Assert.Equal(3, header.Targets);
        Assert.Equal(identity.VocabHash, header.Tokenizer.VocabHash);
        Assert.Equal(examples.Select(e => (e.Id, e.Ids.ToList(), e.Targets.ToList())), read.Select(e => (e.Id, e.Ids.ToList(), e.Targets.ToList())));

        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^4]);
        Assert.Matches(@"x\.sftbin: \d document ids for 2 examples$", Assert.Throws<InvalidDataException>(() => SftShardFormat.Read(path)).Message);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        Assert.Contains("x.sftbin: damaged SFT shard", Assert.Throws<InvalidDataException>(() => SftShardFormat.Read(path)).Message);
        bytes[0] = (byte)'X';
        File.WriteAllBytes(path, bytes);
        Assert.Contains("no CFSFTSHD magic", Assert.Throws<InvalidDataException>(() => SftShardFormat.Read(path)).Message);
    }

    [Fact]
    public async Task APipelineRedactsChatDataAndWritesMaskedShardsRenderedByTheChatTemplate()
    {
        using var harness = new PipelineHarness();
        harness.Write("data/train.jsonl", SftRows);
        harness.Write("data/heldout.jsonl", """{"prompt": "Held out?", "response": "Yes."}""" + "\n");
        var result = await harness.RunYamlAsync("""
            version: 1
            name: sft
            corpus: out
            inputs:
              - name: train
                reader: reader.chat_v1
                paths: [data/train.jsonl]
              - name: heldout
                reader: reader.chat_v1
                paths: [data/heldout.jsonl]
            stages:
              - stage: redact.pii_v1
              - stage: dedup.exact_v1
            outputs:
              - writer: writer.sft_shards_v1
                path: sft
                options:
                  tokenizer: bytes
                  validation_inputs: [heldout]
            """, new RunOptions());
        Assert.True(result.Succeeded);

        var (header, train) = SftShardFormat.Read(harness.PathOf("out/sft/train/train.train.sftbin"));
        var (_, validation) = SftShardFormat.Read(harness.PathOf("out/sft/validation/heldout.heldout.sftbin"));
        Assert.Equal("heldout.jsonl#0", Assert.Single(validation).Id);
        Assert.Equal(["train.jsonl#0", "multi"], train.Select(e => e.Id));

        var template = new ChatTemplate(ByteCodec.Plain.WithSpecialTokens(ChatTemplate.SpecialTokens));
        Assert.Equal(template.Codec.Identity.VocabHash, header.Tokenizer.VocabHash);
        var decoded = template.Codec.Decode(train[1].Ids);
        Assert.Contains("Mail me at <EMAIL><|end|>", decoded);
        Assert.DoesNotContain("ann@example.com", decoded);

        // The ids and mask are exactly what the trainer's template renders for the (redacted) conversation.
        var (ids, targets) = template.Render([
            new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "Hi"), new ChatMessage(ChatRole.Assistant, "Hello."),
            new ChatMessage(ChatRole.User, "Mail me at <EMAIL>"), new ChatMessage(ChatRole.Assistant, "I cannot.")]);
        Assert.Equal(ids, train[1].Ids);
        Assert.Equal(targets, train[1].Targets);
        Assert.Equal("Hello.<|end|>I cannot.<|end|>", template.Codec.Decode(train[1].Ids.Where((_, i) => train[1].Targets[i])));
    }

    [Fact]
    public async Task ChatDocumentsWrittenAsJsonlAreReadBackByTheTrainersParserWithTheStagesChanges()
    {
        using var harness = new PipelineHarness();
        var preferences = harness.Write("data/prefs.jsonl", """
            {"prompt": "Where can I write to you?", "ranked": ["Write to help@example.org.", "Somewhere.", "No."]}
            {"messages": [{"role": "system", "content": "Be kind."}, {"role": "user", "content": "Hi"}], "chosen": "Hello!\n\nHow can I help?", "rejected": "What."}
            """);
        var chat = harness.Write("data/chat.jsonl", SftRows);
        var result = await harness.RunYamlAsync("""
            version: 1
            name: prefs
            corpus: out
            inputs:
              - name: prefs
                reader: reader.preferences_v1
                paths: [data/prefs.jsonl]
              - name: chat
                reader: reader.chat_v1
                paths: [data/chat.jsonl]
            stages:
              - stage: redact.pii_v1
            outputs:
              - writer: writer.jsonl_v1
                path: jsonl
                options:
                  compression: none
            """, new RunOptions());
        Assert.True(result.Succeeded);

        var original = FinetuneRecords.ReadPreferences(preferences).Rows.Select(r => r.Value).ToList();
        var written = FinetuneRecords.ReadPreferences(harness.PathOf("out/jsonl/prefs.prefs.00000.jsonl"));
        Assert.Empty(written.Quarantined);
        var pairs = written.Rows.Select(r => r.Value).ToList();
        Assert.Equal(4, pairs.Count);
        Assert.Equal("Write to <EMAIL>.", pairs[0].Chosen);
        Assert.Equal("Write to <EMAIL>.", pairs[1].Chosen);
        Assert.Equal(original.Skip(2).Select(p => (p.Chosen, p.Rejected, p.Prompt.Count)), pairs.Skip(2).Select(p => (p.Chosen, p.Rejected, p.Prompt.Count)));
        Assert.Equal(original[3].Prompt, pairs[3].Prompt);

        var sft = FinetuneRecords.ReadSft(harness.PathOf("out/jsonl/chat.chat.00000.jsonl")).Rows.Select(r => r.Value.Messages).ToList();
        Assert.Equal(2, sft.Count);
        Assert.Equal(new ChatMessage(ChatRole.User, "Mail me at <EMAIL>"), sft[1][3]);
        // A preference document is no SFT example.
        var error = Assert.Throws<InvalidDataException>(() => FinetuneRecords.ReadSft(harness.PathOf("out/jsonl/prefs.prefs.00000.jsonl")));
        Assert.EndsWith("prefs.prefs.00000.jsonl:1: a preference document is not an SFT example", error.Message);
    }
}

