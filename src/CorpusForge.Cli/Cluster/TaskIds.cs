namespace CorpusForge.Cli.Cluster;

/// <summary>Slurm's array index lists (<c>0-3</c>, <c>0,2,5-7</c>, <c>0-15:4</c>, <c>[2-3]</c>), formatted and parsed.</summary>
public static class TaskIds
{
    /// <summary>The shortest list of ranges, e.g. 0,1,2,3,7 → <c>0-3,7</c> (the form <c>sbatch --array</c> takes).</summary>
    public static string Format(IEnumerable<int> ids)
    {
        var sorted = ids.Distinct().Order().ToList();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(j == i ? $"{sorted[i]}" : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }

        return string.Join(',', parts);
    }

    /// <summary>Expands a list as squeue, sacct and scontrol print it: brackets and a <c>%limit</c> suffix are
    /// allowed, ranges may have a <c>:step</c>.</summary>
    public static IReadOnlyList<int> Parse(string text)
    {
        var body = text.Trim();
        var percent = body.IndexOf('%');
        if (percent >= 0) body = body[..percent];
        body = body.Trim('[', ']');
        var ids = new List<int>();
        foreach (var part in body.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var step = 1;
            var range = part;
            var colon = part.IndexOf(':');
            if (colon >= 0)
            {
                step = int.Parse(part[(colon + 1)..]);
                range = part[..colon];
            }

            var dash = range.IndexOf('-');
            if (dash < 0)
            {
                ids.Add(int.Parse(range));
                continue;
            }

            var first = int.Parse(range[..dash]);
            var last = int.Parse(range[(dash + 1)..]);
            if (step < 1 || last < first) throw new FormatException($"'{part}' is not an index range");
            for (var id = first; id <= last; id += step) ids.Add(id);
        }

        return ids;
    }
}
