using System.Buffers;
using System.ComponentModel;
using System.Text.RegularExpressions;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Redaction;

/// <summary>Options of <see cref="SecretRedactor"/>.</summary>
public sealed class SecretRedactorOptions : IValidatableOptions
{
    /// <summary>Smallest Shannon entropy (bits per character) for a value assigned to a secret-like name.</summary>
    [Description("Values assigned to password/secret/token/key names are redacted when their Shannon entropy is at least this many bits per character.")]
    public double MinEntropy { get; set; } = 3.0;

    /// <summary>Shortest assigned value considered a secret.</summary>
    [Description("Shortest value (characters) of a password/secret/token/key assignment that is considered.")]
    public int MinValueLength { get; set; } = 8;

    /// <summary>Secret types not to redact (e.g. <c>jwt</c>).</summary>
    [Description("Secret types to leave alone, by their attribute name (aws_access_key, aws_secret_key, gcp_api_key, azure_storage_key, azure_client_secret, github_token, gitlab_token, slack_token, slack_webhook, stripe_key, jwt, private_key, password, secret_key).")]
    public string[] DisabledTypes { get; set; } = [];

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (MinEntropy < 0) yield return "min_entropy must not be negative";
        if (MinValueLength < 1) yield return "min_value_length must be at least 1";
        foreach (var type in DisabledTypes.Where(t => !SecretRedactor.Types.Contains(t)))
            yield return $"unknown secret type '{type}'; valid: {string.Join(", ", SecretRedactor.Types)}";
    }
}

/// <summary>One secret found in a text.</summary>
/// <param name="Type">Its type, as in <see cref="SecretRedactor.Types"/>.</param>
/// <param name="Start">Index of its first UTF-16 unit.</param>
/// <param name="Length">Length in UTF-16 units.</param>
public readonly record struct SecretMatch(string Type, int Start, int Length);

/// <summary>Finds credentials in text (mostly source code and config) and replaces each with a typed placeholder
/// such as <c>&lt;AWS_ACCESS_KEY&gt;</c>. Counts per type go to <c>secrets.&lt;type&gt;</c> attributes and
/// <c>secrets.total</c>; the secret itself is never logged or stored.</summary>
/// <remarks>Token shapes are those the providers publish for their credential formats (AWS key id prefixes
/// AKIA/ASIA, Google API keys "AIza" + 35, GitHub's ghp_/gho_/ghu_/ghs_/ghr_ + 36 and github_pat_, GitLab's
/// glpat-, Slack's xox?- tokens and hooks.slack.com webhooks, Stripe's sk_/rk_ live/test keys, Azure storage
/// AccountKey and the "Q~" client-secret format), plus JWTs (three base64url parts, the first two JSON objects
/// starting "eyJ") and PEM private key blocks. Anything else counts only when assigned to a name that says it is a
/// secret and the value looks random (entropy), so ordinary identifiers and code references are never touched.</remarks>
[Component("redact.secrets_v1", "Redacts cloud keys, GitHub/GitLab/Slack/Stripe tokens, JWTs, private keys and high-entropy assigned secrets with typed placeholders")]
public sealed partial class SecretRedactor(SecretRedactorOptions options) : IDocumentStage
{
    /// <summary>Every secret type, as used in attribute names and <see cref="SecretRedactorOptions.DisabledTypes"/>.</summary>
    public static readonly string[] Types =
    [
        "private_key", "aws_access_key", "aws_secret_key", "gcp_api_key", "azure_storage_key", "azure_client_secret", "github_token",
        "gitlab_token", "slack_webhook", "slack_token", "stripe_key", "jwt", "password", "secret_key",
    ];

    private static readonly (string Type, Func<Regex> Pattern)[] TokenPatterns =
    [
        ("private_key", PrivateKey),
        ("aws_access_key", AwsAccessKey),
        ("gcp_api_key", GcpApiKey),
        ("azure_client_secret", AzureClientSecret),
        ("github_token", GitHubToken),
        ("gitlab_token", GitLabToken),
        ("slack_webhook", SlackWebhook),
        ("slack_token", SlackToken),
        ("stripe_key", StripeKey),
        ("jwt", Jwt),
    ];

    private readonly HashSet<string> _disabled = new(options.DisabledTypes, StringComparer.Ordinal);

    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b", RegexOptions.CultureInvariant)]
    private static partial Regex AwsAccessKey();

    [GeneratedRegex(@"\bAIza[0-9A-Za-z_\-]{35}(?![0-9A-Za-z_\-])", RegexOptions.CultureInvariant)]
    private static partial Regex GcpApiKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_~.\-])[A-Za-z0-9_~.\-]{3}\d[qQ]~[A-Za-z0-9_~.\-]{31,34}(?![A-Za-z0-9_~.\-])", RegexOptions.CultureInvariant)]
    private static partial Regex AzureClientSecret();

    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})\b", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bglpat-[A-Za-z0-9_\-]{20,}(?![A-Za-z0-9_\-])", RegexOptions.CultureInvariant)]
    private static partial Regex GitLabToken();

    [GeneratedRegex(@"https://hooks\.slack\.com/services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+/[A-Za-z0-9_]+", RegexOptions.CultureInvariant)]
    private static partial Regex SlackWebhook();

    [GeneratedRegex(@"\bxox[abposr]-[A-Za-z0-9\-]{10,}", RegexOptions.CultureInvariant)]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{24,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex StripeKey();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex Jwt();

    // The key is the group: a look-behind would hide the literal from the regex generator, which then tries the
    // character class at every position instead of searching for "AccountKey=".
    [GeneratedRegex(@"AccountKey=(?<key>[A-Za-z0-9+/]{86}==)", RegexOptions.CultureInvariant)]
    private static partial Regex AzureStorageKey();

    // A secret-like word, the rest of its name, then = : := => and an optionally quoted value. The match starts at the
    // word; the start of the name is found by scanning back.
    private const string AssignmentPattern = @"(?<name>(?<word>password|passwd|pwd|passphrase|secret|token|api[_\-]?key|apikey|access[_\-]?key|private[_\-]?key|auth[_\-]?key|credentials?|(?<=[A-Za-z0-9][_\-])key|(?<=[a-z])Key)[A-Za-z0-9_.\-]*)(?<quote>[""']?)\s*(?::=|=>|=|:)\s*(?<open>[""'`]?)(?<value>[^\s""'`,;()\[\]{}<>]+)(?<close>[""'`]?)";

    // Every secret word contains one of these within its first nine characters ("private_key": "key" at 8), so a
    // match can only start just before one of them: one vectorised multi-string search finds the few places where
    // the pattern is tried, anchored (\G), instead of the pattern's first-character test at every letter.
    private static readonly SearchValues<string> SecretWordCores =
        SearchValues.Create(["pass", "pwd", "secret", "token", "key", "credential"], StringComparison.OrdinalIgnoreCase);

    private const int MaxCoreOffset = 8;

    [GeneratedRegex(@"\G" + AssignmentPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AssignmentAt();

    // The matches the unanchored pattern finds scanning left to right, found from the word cores instead.
    private static IEnumerable<Match> Assignments(string text)
    {
        var from = 0;
        while (from < text.Length)
        {
            var rel = text.AsSpan(from).IndexOfAny(SecretWordCores);
            if (rel < 0) yield break;
            var core = from + rel;
            Match? found = null;
            for (var start = Math.Max(from, core - MaxCoreOffset); start <= core && found is null; start++)
                if (AssignmentAt().Match(text, start) is { Success: true } m) found = m;
            if (found is null)
            {
                from = core + 1;
                continue;
            }

            yield return found;
            from = found.Index + Math.Max(1, found.Length);
        }
    }

    /// <inheritdoc />
    public StageResult Process(Document document)
    {
        var text = document.Text;
        var found = Find(text);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var m in found) counts[m.Type] = counts.GetValueOrDefault(m.Type) + 1;
        long total = 0;
        foreach (var (type, count) in counts)
        {
            document.Attributes[$"secrets.{type}"] = count;
            total += count;
        }

        document.Attributes["secrets.total"] = total;
        if (total == 0) return StageResult.Keep;
        var builder = new System.Text.StringBuilder(text.Length);
        var pos = 0;
        foreach (var m in found)
        {
            builder.Append(text, pos, m.Start - pos).Append(Placeholder(m.Type));
            pos = m.Start + m.Length;
        }

        document.Text = builder.Append(text, pos, text.Length - pos).ToString();
        return StageResult.Keep;
    }

    /// <summary>The secrets in <paramref name="text"/>, in text order and without overlaps (where two readings
    /// overlap, the one that starts first wins, then the longer).</summary>
    public List<SecretMatch> Find(string text)
    {
        var all = new List<SecretMatch>();
        foreach (var (type, pattern) in TokenPatterns)
        {
            if (_disabled.Contains(type)) continue;
            // An Azure client secret has "Q~" at a fixed place but starts with any character, so its pattern has no
            // literal to search for: one vectorised search for the marker decides whether it runs at all.
            // (Two ordinal searches: a case-insensitive one is scalar under invariant globalization.)
            if (type == "azure_client_secret" && !text.Contains("Q~", StringComparison.Ordinal) && !text.Contains("q~", StringComparison.Ordinal)) continue;
            foreach (Match m in pattern().Matches(text)) all.Add(new SecretMatch(type, m.Index, m.Length));
        }

        if (!_disabled.Contains("azure_storage_key"))
            foreach (Match m in AzureStorageKey().Matches(text))
                all.Add(new SecretMatch("azure_storage_key", m.Groups["key"].Index, m.Groups["key"].Length));
        foreach (var m in Assignments(text))
            if (AssignedSecret(m, text) is { } found) all.Add(found);
        foreach (Match m in UrlUserinfo().Matches(text))
        {
            var value = m.Groups["pass"];
            if (!_disabled.Contains("password") && !IsReference(value.Value) && !IsPlaceholderWord(value.Value))
                all.Add(new SecretMatch("password", value.Index, value.Length));
        }

        foreach (Match m in EnvironmentDefault().Matches(text))
        {
            var value = m.Groups["value"];
            var type = TypeOfName(m.Groups["name"].Value.ToLowerInvariant());
            if (!_disabled.Contains(type) && LooksLikeSecretValue(value.Value, quoted: true))
                all.Add(new SecretMatch(type, value.Index, value.Length));
        }

        all.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        var result = new List<SecretMatch>(all.Count);
        var end = 0;
        foreach (var m in all)
        {
            if (m.Start < end) continue;
            result.Add(m);
            end = m.Start + m.Length;
        }

        return result;
    }

    // scheme://user:password@host — the password of URL userinfo (RFC 3986 section 3.2.1).
    // The scheme is a look-behind so that the search starts from the literal "://" rather than from every letter.
    [GeneratedRegex(@"(?<=\b[A-Za-z][A-Za-z0-9+.\-]*)://(?<user>[^\s:/@""'`]*):(?<pass>[^\s/""'`]+)@[A-Za-z0-9\[]", RegexOptions.CultureInvariant)]
    private static partial Regex UrlUserinfo();

    // os.environ.get("API_KEY", "default"), os.getenv('TOKEN', '...'), ENV.fetch("SECRET", "..."), and JavaScript's
    // process.env.API_KEY || "default" (or ??): the default of a secret-named environment variable is a secret
    // written into the code.
    [GeneratedRegex(@"(?:environ\.get|getenv|ENV\.fetch|env\.get|Getenv(?:OrDefault)?)\(\s*[""'](?<name>[A-Za-z0-9_.\-]*(?:PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|AUTH_?KEY|CREDENTIALS?)[A-Za-z0-9_.\-]*)[""']\s*,\s*[""'](?<value>[^""'\s]+)[""']|process\.env\.(?<name>[A-Za-z0-9_]*(?:PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|AUTH_?KEY|CREDENTIALS?)[A-Za-z0-9_]*)\s*(?:\|\||\?\?)\s*[""'`](?<value>[^""'`\s]+)[""'`]",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentDefault();

    private SecretMatch? AssignedSecret(Match match, string source)
    {
        if (!IsWordPart(source, match.Groups["word"])) return null;
        var value = match.Groups["value"].Value;
        var quoted = match.Groups["open"].Length > 0;
        if (!LooksLikeSecretValue(value, quoted)) return null;
        var start = match.Index;
        while (start > 0 && IsNameChar(source[start - 1])) start--;
        var type = TypeOfName((source[start..match.Index] + match.Groups["name"].Value).ToLowerInvariant());
        if (_disabled.Contains(type)) return null;
        return new SecretMatch(type, match.Groups["value"].Index, match.Groups["value"].Length);
    }

    private static string TypeOfName(string name) =>
        name.Contains("pass") || name.Contains("pwd") ? "password"
        : name.Contains("aws") && name.Contains("secret") ? "aws_secret_key"
        : "secret_key";

    /// <summary>Shannon entropy of <paramref name="value"/> in bits per character.</summary>
    public static double Entropy(ReadOnlySpan<char> value)
    {
        if (value.Length == 0) return 0;
        // Counts of ASCII characters in a table; anything else (rare in secrets) in a dictionary.
        Span<int> ascii = stackalloc int[128];
        Dictionary<char, int>? other = null;
        foreach (var c in value)
        {
            if (c < 128) ascii[c]++;
            else (other ??= [])[c] = other.GetValueOrDefault(c) + 1;
        }

        double length = value.Length, entropy = 0;
        foreach (var n in ascii)
            if (n > 0) entropy -= n / length * Math.Log2(n / length);
        if (other is not null)
            foreach (var n in other.Values) entropy -= n / length * Math.Log2(n / length);
        return entropy;
    }

    private static string Placeholder(string type) => $"<{type.ToUpperInvariant()}>";

    // The secret word must be a whole part of the name (DB_PASSWORD, apiKey, authTokens), not the inside of another
    // word (tokenizer, secretary, mytoken): a lower-case letter may not touch it on either side (a plural s excepted).
    private static bool IsWordPart(string source, Group word)
    {
        var start = word.Index;
        var end = word.Index + word.Length;
        if (start > 0 && char.IsLetter(source[start - 1]) && !char.IsUpper(source[start])) return false;
        if (end < source.Length && source[end] == 's') end++;
        return end >= source.Length || !char.IsLower(source[end]);
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';

    // References to values kept elsewhere are never secrets: shell and template variables ($X, ${X}, {{x}}, <x>),
    // Windows and printf-style placeholders (%APPDATA%, %(name)s, %s), and code paths such as process.env.DB_PASSWORD,
    // settings.SECRET_KEY or os.environ (dotted identifiers, written without quotes).
    private static bool IsReference(string value)
    {
        if (value.Length == 0 || value[0] is '<' or '$' or '{' || value.StartsWith("#{", StringComparison.Ordinal)) return true;
        if (value[0] == '%')
        {
            if (value.Length >= 3 && value[^1] == '%' && value[1..^1].All(c => char.IsAsciiLetterOrDigit(c) || c == '_')) return true;
            if (value.Length >= 2 && value[1] == '(' || value is "%s" or "%d") return true;
        }

        return false;
    }

    private static bool IsCodePath(string value)
    {
        var parts = value.Split('.');
        if (parts.Length < 2) return false;
        foreach (var part in parts)
            if (part.Length == 0 || !(char.IsAsciiLetter(part[0]) || part[0] == '_') || !part.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                return false;
        return true;
    }

    // Words that stand for a password someone still has to fill in (a to-do marker, "changeme", "redacted", "xxxx").
    private static readonly HashSet<string> PlaceholderWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "todo", "tbd", "changeme", "redacted", "password", "secret", "none", "null",
    };

    private static bool IsPlaceholderWord(string value) =>
        value.All(c => c is '*' or 'x' or 'X' or '.' or '-' or '_') || PlaceholderWords.Contains(value);

    private bool LooksLikeSecretValue(string value, bool quoted)
    {
        if (value.Length < options.MinValueLength) return false;
        // Placeholders we wrote, template and environment references, code paths and URLs are not secrets (a URL's
        // own userinfo password is found by the URL rule).
        if (IsReference(value) || value.Contains("://", StringComparison.Ordinal) || IsPlaceholderWord(value)) return false;
        if (!quoted && IsCodePath(value)) return false;
        // Generated secrets mix character classes; words, header names and code references (a variable, a call,
        // an attribute path) do not. Without a digit, a value needs three classes and some length.
        var hasDigit = value.Any(char.IsAsciiDigit);
        var classes = (value.Any(char.IsLower) ? 1 : 0) + (value.Any(char.IsUpper) ? 1 : 0) + (hasDigit ? 1 : 0)
                      + (value.Any(c => !char.IsLetterOrDigit(c)) ? 1 : 0);
        if (!hasDigit && (classes < 3 || value.Length < 16)) return false;
        if (!quoted && !value.Any(char.IsLetter)) return false;
        return Entropy(value) >= options.MinEntropy;
    }
}
