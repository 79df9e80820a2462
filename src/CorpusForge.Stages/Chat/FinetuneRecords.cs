using System.Text.Json;
using System.Text;
using CorpusForge.Core.IO;

namespace CorpusForge.Stages.Chat;

/// <summary>A row that breaks its format: the reason is reported with the file and line.</summary>
public sealed class RecordException(string message) : Exception(message);

/// <summary>A good row and where it came from.</summary>
public sealed record Located<T>(int Line, T Value);

/// <summary>A row set aside, with the reason.</summary>
public sealed record QuarantinedRow(string File, int Line, string Reason, string Text);

/// <summary>The rows of one JSONL file: the good ones in file order, and the bad ones with their reasons.</summary>
public sealed record RecordSet<T>(string File, IReadOnlyList<Located<T>> Rows, IReadOnlyList<QuarantinedRow> Quarantined)
{
    /// <summary>Writes the quarantined rows to <paramref name="path"/> as JSONL (file, line, reason, text); nothing
    /// when there are none. Returns the path written, or null.</summary>
    public string? WriteQuarantine(string path)
    {
        if (Quarantined.Count == 0) return null;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var lines = Quarantined.Select(q => JsonSerializer.Serialize(new { file = q.File, line = q.Line, reason = q.Reason, text = q.Text }));
        AtomicFile.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }
}

/// <summary>An SFT example: a conversation whose assistant messages are trained on.</summary>
public sealed record SftExample(IReadOnlyList<ChatMessage> Messages);

/// <summary>A preference: for the same conversation, <see cref="Chosen"/> is better than <see cref="Rejected"/>.</summary>
public sealed record PreferencePair(IReadOnlyList<ChatMessage> Prompt, string Chosen, string Rejected);

/// <summary>A multiple-choice question and the index of its right answer.</summary>
public sealed record MultipleChoiceItem(string Question, IReadOnlyList<string> Choices, int Answer);

/// <summary>A prompt for generation (evaluation and RL).</summary>
public sealed record PromptItem(IReadOnlyList<ChatMessage> Prompt);

/// <summary>Reads the fine-tuning JSONL formats (one JSON object per line; blank lines skipped). A row that breaks
/// its format is quarantined with its file, line and reason, never silently dropped; a file that is missing or has no
/// good row at all is an error.
/// <list type="bullet">
/// <item>SFT: <c>{"prompt": …, "response": …, "system"?: …}</c> or <c>{"messages": [{"role": "system|user|assistant", "content": …}, …]}</c>
/// with at least one assistant message.</item>
/// <item>Preferences: <c>{"prompt": …, "chosen": …, "rejected": …}</c>, or <c>{"prompt": …, "ranked": [best, …, worst]}</c>,
/// expanded into every (better, worse) pair; <c>prompt</c> may also be a <c>messages</c> list.</item>
/// <item>Multiple choice: <c>{"question": …, "choices": [...], "answer": index or the choice text}</c>.</item>
/// <item>Prompts: <c>{"prompt": …}</c> or <c>{"messages": [...]}</c> ending with a user message.</item>
/// </list>
/// SFT and preference files may also be CorpusForge's own JSONL output of chat documents (<c>text</c> plus
/// <c>metadata.chat</c>, see <see cref="ChatDocument"/>), so a pipeline's filtered chat data trains directly.</summary>
public static class FinetuneRecords
{
    /// <summary>SFT examples.</summary>
    public static RecordSet<SftExample> ReadSft(string path) => Read(path, ParseSft);

    /// <summary>Preference pairs (ranked lists expanded; one row may give several pairs).</summary>
    public static RecordSet<PreferencePair> ReadPreferences(string path) => ReadMany(path, ParsePreferences);

    /// <summary>Multiple-choice items.</summary>
    public static RecordSet<MultipleChoiceItem> ReadMultipleChoice(string path) => Read(path, ParseMultipleChoice);

    /// <summary>Prompts.</summary>
    public static RecordSet<PromptItem> ReadPrompts(string path) => Read(path, ParsePrompt);

    /// <summary>Reads <paramref name="path"/> with a parser of one row.</summary>
    public static RecordSet<T> Read<T>(string path, Func<JsonElement, T> parse) => ReadMany<T>(path, e => [parse(e)]);

    private static RecordSet<T> ReadMany<T>(string path, Func<JsonElement, IEnumerable<T>> parse)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found");
        var rows = new List<Located<T>>();
        var bad = new List<QuarantinedRow>();
        var number = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.ValueKind != JsonValueKind.Object) throw new RecordException($"expected a JSON object, got {Kind(document.RootElement)}");
                rows.AddRange(parse(document.RootElement).Select(v => new Located<T>(number, v)));
            }
            catch (JsonException e)
            {
                bad.Add(new QuarantinedRow(path, number, $"invalid JSON: {e.Message}", line));
            }
            catch (RecordException e)
            {
                bad.Add(new QuarantinedRow(path, number, e.Message, line));
            }
        }

        if (rows.Count == 0)
        {
            var first = bad.FirstOrDefault();
            throw new InvalidDataException(first is null ? $"{path}: no rows" : $"{path}: no usable rows; first problem at {path}:{first.Line}: {first.Reason}");
        }

        return new RecordSet<T>(path, rows, bad);
    }

    /// <summary>One SFT row (an object); throws <see cref="RecordException"/> with the reason when it breaks the format.</summary>
    public static SftExample ParseSft(JsonElement row)
    {
        if (WrittenRow(row) is { } written)
        {
            if (written.Any(s => s.Label is ChatDocument.Chosen or ChatDocument.Rejected)) throw new RecordException("a preference document is not an SFT example");
            var parts = ChatDocument.Messages(written);
            if (!parts.Any(m => m.Role == ChatRole.Assistant)) throw new RecordException("no assistant message to train on");
            return new SftExample(parts);
        }

        var messages = Conversation(row, requireResponse: true);
        if (!messages.Any(m => m.Role == ChatRole.Assistant)) throw new RecordException("no assistant message to train on");
        return new SftExample(messages);
    }

    /// <summary>One preference row (an object), ranked lists expanded into (better, worse) pairs, best pairs first;
    /// throws <see cref="RecordException"/> with the reason when it breaks the format.</summary>
    public static IEnumerable<PreferencePair> ParsePreferences(JsonElement row)
    {
        if (WrittenRow(row) is { } written)
        {
            if (written.Count < 3 || written[^2].Label != ChatDocument.Chosen || written[^1].Label != ChatDocument.Rejected)
                throw new RecordException("a chat document that is not a preference (its last parts must be chosen, then rejected)");
            var promptParts = ChatDocument.Messages(written.Take(written.Count - 2));
            if (promptParts[^1].Role != ChatRole.User) throw new RecordException("the prompt must end with a user message");
            return [new PreferencePair(promptParts, written[^2].Content, written[^1].Content)];
        }

        var prompt = Conversation(row, requireResponse: false);
        if (prompt.Count == 0 || prompt[^1].Role != ChatRole.User) throw new RecordException("the prompt must end with a user message");
        if (row.TryGetProperty("ranked", out var ranked))
        {
            if (row.TryGetProperty("chosen", out _) || row.TryGetProperty("rejected", out _)) throw new RecordException("give either chosen/rejected or ranked, not both");
            var responses = Strings(ranked, "ranked");
            if (responses.Count < 2) throw new RecordException("ranked needs at least two responses, best first");
            if (responses.Distinct(StringComparer.Ordinal).Count() != responses.Count) throw new RecordException("ranked holds the same response twice");
            var pairs = new List<PreferencePair>();
            for (var better = 0; better < responses.Count; better++)
                for (var worse = better + 1; worse < responses.Count; worse++)
                    pairs.Add(new PreferencePair(prompt, responses[better], responses[worse]));
            return pairs;
        }

        var chosen = Text(row, "chosen");
        var rejected = Text(row, "rejected");
        if (chosen == rejected) throw new RecordException("chosen and rejected are the same text");
        return [new PreferencePair(prompt, chosen, rejected)];
    }

    // A row of CorpusForge's own JSONL output holding a chat document (from reader.chat_v1/preferences_v1).
    private static List<ChatSegment>? WrittenRow(JsonElement row)
    {
        try
        {
            return ChatDocument.TryReadWrittenRow(row, out var segments) ? segments : null;
        }
        catch (InvalidDataException e)
        {
            throw new RecordException(e.Message);
        }
    }

    private static MultipleChoiceItem ParseMultipleChoice(JsonElement row)
    {
        var question = Text(row, "question");
        if (!row.TryGetProperty("choices", out var choicesElement)) throw new RecordException("missing 'choices'");
        var choices = Strings(choicesElement, "choices");
        if (choices.Count < 2) throw new RecordException("choices needs at least two entries");
        if (!row.TryGetProperty("answer", out var answer)) throw new RecordException("missing 'answer'");
        var index = answer.ValueKind switch
        {
            JsonValueKind.Number when answer.TryGetInt32(out var i) => i,
            JsonValueKind.String => choices.IndexOf(answer.GetString()!),
            _ => throw new RecordException($"'answer' must be a choice index or the choice text, got {Kind(answer)}"),
        };
        if (index < 0 || index >= choices.Count) throw new RecordException($"'answer' {answer.GetRawText()} names no choice (there are {choices.Count})");
        return new MultipleChoiceItem(question, choices, index);
    }

    private static PromptItem ParsePrompt(JsonElement row)
    {
        var prompt = Conversation(row, requireResponse: false);
        if (prompt.Count == 0 || prompt[^1].Role != ChatRole.User) throw new RecordException("the prompt must end with a user message");
        return new PromptItem(prompt);
    }

    // messages: [...] or prompt (+ response) (+ system).
    private static List<ChatMessage> Conversation(JsonElement row, bool requireResponse)
    {
        var messages = new List<ChatMessage>();
        var hasMessages = row.TryGetProperty("messages", out var list);
        var promptIsList = row.TryGetProperty("prompt", out var prompt) && prompt.ValueKind == JsonValueKind.Array;
        if (hasMessages || promptIsList)
        {
            if (hasMessages && row.TryGetProperty("prompt", out _)) throw new RecordException("give either messages or prompt, not both");
            var items = hasMessages ? list : prompt;
            var name = hasMessages ? "messages" : "prompt";
            if (items.ValueKind != JsonValueKind.Array) throw new RecordException($"'{name}' must be a list, got {Kind(items)}");
            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object) throw new RecordException($"{name}[{index}] must be an object with role and content");
                var roleText = Text(item, "role", $"{name}[{index}].");
                if (!Enum.TryParse<ChatRole>(roleText, ignoreCase: true, out var role) || roleText.Any(char.IsDigit))
                    throw new RecordException($"{name}[{index}].role '{roleText}' is not system, user or assistant");
                if (role == ChatRole.System && index > 0) throw new RecordException($"{name}[{index}]: a system message may only come first");
                messages.Add(new ChatMessage(role, Text(item, "content", $"{name}[{index}].")));
                index++;
            }

            if (messages.Count == 0) throw new RecordException($"'{name}' is empty");
            return messages;
        }

        if (row.TryGetProperty("system", out _)) messages.Add(new ChatMessage(ChatRole.System, Text(row, "system")));
        messages.Add(new ChatMessage(ChatRole.User, Text(row, "prompt")));
        if (requireResponse) messages.Add(new ChatMessage(ChatRole.Assistant, Text(row, "response")));
        return messages;
    }

    private static string Text(JsonElement row, string key, string where = "")
    {
        if (!row.TryGetProperty(key, out var value)) throw new RecordException($"missing '{where}{key}'");
        if (value.ValueKind != JsonValueKind.String) throw new RecordException($"'{where}{key}' must be a string, got {Kind(value)}");
        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text)) throw new RecordException($"'{where}{key}' is empty");
        return text;
    }

    private static List<string> Strings(JsonElement value, string key)
    {
        if (value.ValueKind != JsonValueKind.Array) throw new RecordException($"'{key}' must be a list of strings, got {Kind(value)}");
        var list = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
                throw new RecordException($"{key}[{list.Count}] must be a non-empty string");
            list.Add(item.GetString()!);
        }

        return list;
    }

    private static string Kind(JsonElement e) => e.ValueKind.ToString().ToLowerInvariant();
}
