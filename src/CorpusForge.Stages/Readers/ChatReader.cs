using System.Text.Json;
using CorpusForge.Core.Registry;
using CorpusForge.Stages.Chat;

namespace CorpusForge.Stages.Readers;

/// <summary>Reads SFT data, the trainer's JSONL format: <c>{"prompt", "response", "system"?}</c> or
/// <c>{"messages": [{"role", "content"}, …]}</c> with at least one assistant message; one chat document per row.</summary>
[Component("reader.chat_v1", "SFT chat data (JSONL: prompt/response or multi-turn messages with roles), one chat document per row; text = the turns' content, structure in metadata 'chat'")]
public sealed class ChatReader(ChatReaderOptions options) : ChatJsonlReader(options)
{
    private static readonly HashSet<string> Fields = new(["prompt", "response", "system", "messages"], StringComparer.Ordinal);

    /// <inheritdoc />
    protected override IReadOnlySet<string> FormatFields => Fields;

    /// <inheritdoc />
    protected override IReadOnlyList<List<ChatSegment>> Documents(JsonElement row) =>
        [ChatDocument.FromMessages(FinetuneRecords.ParseSft(row).Messages)];
}
