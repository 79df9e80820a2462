using System.Text.Json;
using CorpusForge.Core.Registry;
using CorpusForge.Stages.Chat;

namespace CorpusForge.Stages.Readers;

/// <summary>Reads preference data, the trainer's JSONL format: a prompt (text or messages) with <c>chosen</c> and
/// <c>rejected</c>, or with <c>ranked</c> responses (best first) expanded into every (better, worse) pair; one chat
/// document per pair (id suffixed <c>.N</c> when a row gives several), whose parts are the prompt's messages, then
/// <c>chosen</c> and <c>rejected</c>.</summary>
[Component("reader.preferences_v1", "Preference data (JSONL: prompt + chosen/rejected, or k ranked responses expanded into pairs), one chat document per pair")]
public sealed class PreferencesReader(ChatReaderOptions options) : ChatJsonlReader(options)
{
    private static readonly HashSet<string> Fields = new(["prompt", "system", "messages", "chosen", "rejected", "ranked"], StringComparer.Ordinal);

    /// <inheritdoc />
    protected override IReadOnlySet<string> FormatFields => Fields;

    /// <inheritdoc />
    protected override IReadOnlyList<List<ChatSegment>> Documents(JsonElement row) =>
        [.. FinetuneRecords.ParsePreferences(row).Select(pair => (List<ChatSegment>)
            [.. ChatDocument.FromMessages(pair.Prompt), new ChatSegment(ChatDocument.Chosen, pair.Chosen), new ChatSegment(ChatDocument.Rejected, pair.Rejected)])];
}
