using System.Text;
using System.Text.RegularExpressions;

namespace CorpusForge.Stages.Readers.Code;

/// <summary>The rules of one <c>.gitignore</c> file, matched against paths relative to the folder holding it.</summary>
/// <remarks>Follows the pattern format of git's gitignore documentation: blank lines and <c>#</c> comments are
/// ignored, trailing unescaped spaces are trimmed, <c>!</c> negates, a trailing <c>/</c> matches folders only, a
/// pattern with a <c>/</c> at its start or middle is anchored to the file's folder (otherwise it matches a name at
/// any depth), <c>*</c> and <c>?</c> never match <c>/</c>, <c>[...]</c> is a character class (<c>[!...]</c> negated),
/// <c>**/</c>, <c>/**/</c> and <c>/**</c> match any number of folders, and a backslash quotes the next character.
/// The last matching rule wins. A file in an ignored folder cannot be re-included: the walker never enters the folder.</remarks>
public sealed class GitIgnore
{
    private readonly List<Rule> _rules;

    private GitIgnore(List<Rule> rules) => _rules = rules;

    /// <summary>True when the file holds at least one rule.</summary>
    public bool IsEmpty => _rules.Count == 0;

    /// <summary>Parses the text of a <c>.gitignore</c> file.</summary>
    public static GitIgnore Parse(string text)
    {
        var rules = new List<Rule>();
        foreach (var raw in text.Split('\n'))
        {
            var line = TrimTrailingSpaces(raw.TrimEnd('\r'));
            if (line.Length == 0 || line[0] == '#') continue;
            var negated = false;
            if (line[0] == '!')
            {
                negated = true;
                line = line[1..];
            }

            var directoryOnly = line.EndsWith('/') && !line.EndsWith("\\/", StringComparison.Ordinal);
            if (directoryOnly) line = line.TrimEnd('/');
            if (line.Length == 0) continue;
            var anchored = line.TrimEnd('/').Contains('/');
            if (line[0] == '/') line = line[1..];
            var regex = new Regex((anchored ? "^" : "^(?:.*/)?") + GlobToRegex(line) + "$",
                RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.NonBacktracking);
            rules.Add(new Rule(regex, negated, directoryOnly));
        }

        return new GitIgnore(rules);
    }

    /// <summary>The verdict of this file's rules on <paramref name="relativePath"/> ('/'-separated, relative to the
    /// .gitignore's folder): true = ignored, false = re-included by a negation, null = no rule matched.</summary>
    public bool? Match(string relativePath, bool isDirectory)
    {
        for (var i = _rules.Count - 1; i >= 0; i--)
        {
            var rule = _rules[i];
            if (rule.DirectoryOnly && !isDirectory) continue;
            if (rule.Pattern.IsMatch(relativePath)) return !rule.Negated;
        }

        return null;
    }

    private static string TrimTrailingSpaces(string line)
    {
        var end = line.Length;
        while (end > 0 && line[end - 1] == ' ' && !(end >= 2 && line[end - 2] == '\\')) end--;
        return line[..end];
    }

    private static string GlobToRegex(string glob)
    {
        var sb = new StringBuilder();
        var i = 0;
        while (i < glob.Length)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*' && (i == 0 || glob[i - 1] == '/')
                && (i + 2 == glob.Length || glob[i + 2] == '/'))
            {
                if (i + 2 == glob.Length)
                {
                    sb.Append(".*");
                    i += 2;
                }
                else
                {
                    sb.Append("(?:.*/)?");
                    i += 3;
                }

                continue;
            }

            switch (c)
            {
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '\\' when i + 1 < glob.Length:
                    i++;
                    sb.Append(Regex.Escape(glob[i].ToString()));
                    break;
                case '[':
                    var close = glob.IndexOf(']', Math.Min(i + 2, glob.Length));
                    if (close < 0)
                    {
                        sb.Append(@"\[");
                        break;
                    }

                    var body = glob[(i + 1)..close];
                    sb.Append('[');
                    if (body.StartsWith('!') || body.StartsWith('^'))
                    {
                        sb.Append('^');
                        body = body[1..];
                    }

                    sb.Append(body.Replace(@"\", @"\\").Replace("[", @"\[").Replace("]", @"\]")).Append(']');
                    i = close;
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }

            i++;
        }

        return sb.ToString();
    }

    private sealed record Rule(Regex Pattern, bool Negated, bool DirectoryOnly);
}
