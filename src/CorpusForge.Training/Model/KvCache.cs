using static TorchSharp.torch;

namespace CorpusForge.Training.Model;

/// <summary>Keys and values of the tokens a <see cref="GptModel"/> has already seen, per layer, so that generation
/// feeds only the new token each step (keys already carry their rotary positions).</summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor?[] _keys;
    private readonly Tensor?[] _values;

    /// <summary>An empty cache for a model of <paramref name="layers"/> blocks.</summary>
    public KvCache(int layers)
    {
        _keys = new Tensor?[layers];
        _values = new Tensor?[layers];
    }

    /// <summary>Positions cached so far.</summary>
    public long Length { get; private set; }

    /// <summary>Appends this call's keys and values (batch, heads, time, head_dim) to layer <paramref name="layer"/>
    /// and returns all of them; the stored tensors live outside any dispose scope until replaced or disposed.</summary>
    internal (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        var allKeys = _keys[layer] is { } k ? cat([k, keys], 2) : keys.alias();
        var allValues = _values[layer] is { } v ? cat([v, values], 2) : values.alias();
        _keys[layer]?.Dispose();
        _values[layer]?.Dispose();
        _keys[layer] = allKeys.detach().DetachFromDisposeScope();
        _values[layer] = allValues.detach().DetachFromDisposeScope();
        return (allKeys, allValues);
    }

    /// <summary>Records that <paramref name="time"/> more positions were cached (called once per forward pass).</summary>
    internal void Advance(long time) => Length += time;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in _keys) t?.Dispose();
        foreach (var t in _values) t?.Dispose();
    }
}
