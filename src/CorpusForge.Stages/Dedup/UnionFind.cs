namespace CorpusForge.Stages.Dedup;

/// <summary>Disjoint sets over sparse 64-bit ids, with path halving; the root of a set is always its smallest id,
/// so roots do not depend on the order of unions.</summary>
public sealed class UnionFind
{
    private readonly Dictionary<long, long> _parent = [];

    /// <summary>The smallest id of the set holding <paramref name="x"/> (x itself when never united).</summary>
    public long Find(long x)
    {
        while (_parent.TryGetValue(x, out var p) && p != x)
        {
            var grand = _parent.TryGetValue(p, out var g) ? g : p;
            _parent[x] = grand;
            x = grand;
        }

        return x;
    }

    /// <summary>Joins the sets of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public void Union(long a, long b)
    {
        var ra = Find(a);
        var rb = Find(b);
        if (ra == rb) return;
        if (ra > rb) (ra, rb) = (rb, ra);
        _parent[rb] = ra;
        _parent.TryAdd(ra, ra);
    }

    /// <summary>Every id ever united.</summary>
    public IEnumerable<long> Members => _parent.Keys;
}
