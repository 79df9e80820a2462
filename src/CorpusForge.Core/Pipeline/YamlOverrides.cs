using System.Runtime.CompilerServices;
using YamlDotNet.RepresentationModel;

namespace CorpusForge.Core.Pipeline;

/// <summary>Applies <c>--set</c> assignments to a pipeline's YAML tree before validation.</summary>
/// <remarks>Paths are dot-separated keys; list items are chosen by index (<c>stages.1.options.min_words=50</c>) or by
/// their stage/id/name in brackets (<c>stages[filter.length_v1].options.min_words=50</c>). Missing mapping keys are
/// created; the value is read as a YAML scalar or flow collection (<c>[a, b]</c>).</remarks>
public static class YamlOverrides
{
    // Value nodes made from --set arguments, so that an error about one names the argument, not a line of the file.
    private static readonly ConditionalWeakTable<YamlNode, string> Origins = new();

    /// <summary>The <c>--set</c> argument a node came from, or null for a node of the file.</summary>
    public static string? OriginOf(YamlNode node) => Origins.TryGetValue(node, out var assignment) ? assignment : null;

    /// <summary>Applies one <c>key=value</c>; problems go to <paramref name="errors"/>.</summary>
    public static void Apply(YamlMappingNode root, string assignment, string file, List<ConfigError> errors)
    {
        var eq = assignment.IndexOf('=');
        if (eq <= 0)
        {
            errors.Add(new ConfigError(file, 0, 0, $"--set '{assignment}': expected key.path=value"));
            return;
        }

        var segments = Split(assignment[..eq].Trim());
        var value = ParseValue(assignment[(eq + 1)..]);
        foreach (var node in value.AllNodes) Origins.AddOrUpdate(node, assignment);
        YamlNode current = root;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            var last = i == segments.Count - 1;
            switch (current)
            {
                case YamlMappingNode map:
                    var key = new YamlScalarNode(segment);
                    if (last)
                    {
                        Origins.AddOrUpdate(key, assignment);
                        map.Children[key] = value;
                        return;
                    }

                    if (!map.Children.TryGetValue(key, out var next))
                    {
                        next = new YamlMappingNode();
                        Origins.AddOrUpdate(key, assignment);
                        Origins.AddOrUpdate(next, assignment);
                        map.Children[key] = next;
                    }

                    current = next;
                    break;
                case YamlSequenceNode sequence:
                    var index = FindItem(sequence, segment);
                    if (index < 0)
                    {
                        errors.Add(new ConfigError(file, 0, 0, $"--set '{assignment}': no list item '{segment}' (use an index 0..{sequence.Children.Count - 1} or a stage/id/name)"));
                        return;
                    }

                    if (last)
                    {
                        sequence.Children[index] = value;
                        return;
                    }

                    current = sequence.Children[index];
                    break;
                default:
                    errors.Add(new ConfigError(file, 0, 0, $"--set '{assignment}': '{string.Join('.', segments.Take(i))}' is a single value, not a mapping or list"));
                    return;
            }
        }
    }

    private static int FindItem(YamlSequenceNode sequence, string segment)
    {
        if (int.TryParse(segment, out var index)) return index >= 0 && index < sequence.Children.Count ? index : -1;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (sequence.Children[i] is not YamlMappingNode item) continue;
            foreach (var key in new[] { "id", "stage", "name", "writer", "reader" })
            {
                if (item.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s && s.Value == segment)
                    return i;
            }
        }

        return -1;
    }

    private static List<string> Split(string path)
    {
        var segments = new List<string>();
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                i++;
                continue;
            }

            if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0) close = path.Length;
                segments.Add(path[(i + 1)..close]);
                i = close + 1;
                continue;
            }

            var end = path.IndexOfAny(['.', '['], i);
            if (end < 0) end = path.Length;
            segments.Add(path[i..end]);
            i = end;
        }

        return segments;
    }

    private static YamlNode ParseValue(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader("v: " + text));
            return ((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("v")];
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return new YamlScalarNode(text);
        }
    }
}
