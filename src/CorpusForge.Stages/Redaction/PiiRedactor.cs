using System.ComponentModel;
using System.Text;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Redaction;

/// <summary>How found PII is written back into the text.</summary>
public enum PiiReplacement
{
    /// <summary>A typed placeholder such as <c>&lt;EMAIL&gt;</c>.</summary>
    Placeholder,
    /// <summary>A numbered placeholder such as <c>&lt;EMAIL_2&gt;</c>, the same number for the same value within a document.</summary>
    Pseudonym,
}

/// <summary>Options of <see cref="PiiRedactor"/>.</summary>
public sealed class PiiRedactorOptions : IValidatableOptions
{
    /// <summary>Kinds to redact.</summary>
    [Description("Kinds of PII to redact: email, phone, ip_address, payment_card, ssn, iban (empty = all).")]
    public List<PiiKind> Kinds { get; set; } = [];

    /// <summary>Replacement style.</summary>
    [Description("placeholder (<EMAIL>) or pseudonym (<EMAIL_1>, consistent within a document).")]
    public PiiReplacement Replacement { get; set; } = PiiReplacement.Placeholder;

    /// <summary>Also redact private, loopback, link-local and CGNAT addresses.</summary>
    [Description("Also redact private, loopback, link-local and shared (100.64/10) IP addresses.")]
    public bool RedactPrivateIps { get; set; }

    /// <summary>Also redact the documentation address ranges.</summary>
    [Description("Also redact documentation IP ranges (192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32).")]
    public bool RedactDocumentationIps { get; set; }

    /// <summary>Drop documents with more PII items than this; null keeps every document.</summary>
    [Description("Drop a document with more than this many PII items (null = never drop).")]
    public int? MaxPii { get; set; }

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (MaxPii is < 0) yield return "max_pii must be 0 or more";
    }
}

/// <summary>Replaces e-mail addresses, phone numbers, public IP addresses, payment cards, US SSNs and IBANs with
/// typed placeholders and counts them by type.</summary>
/// <remarks>Writes <c>pii.total</c> on every document and <c>pii.&lt;kind&gt;</c> counts for the kinds found.
/// Drops with reason <c>too_much_pii</c> when <see cref="PiiRedactorOptions.MaxPii"/> is set and exceeded (the
/// dropped document keeps its original text so that a reviewer can see what was found).</remarks>
[Component("redact.pii_v1", "Redacts e-mails, phones, public IPs, Luhn-valid cards, US SSNs and mod-97-valid IBANs")]
public sealed class PiiRedactor : IDocumentStage
{
    private static readonly string[] Names = ["email", "phone", "ip_address", "payment_card", "ssn", "iban"];
    private static readonly string[] Tags = ["EMAIL", "PHONE", "IP", "CARD", "SSN", "IBAN"];
    private static readonly string[] AttributeKeys = Names.Select(n => "pii." + n).ToArray();

    private readonly PiiRedactorOptions _options;
    private readonly PiiScanner _scanner;

    [ThreadStatic] private static List<PiiMatch>? t_matches;

    /// <summary>Creates the stage.</summary>
    public PiiRedactor(PiiRedactorOptions options)
    {
        _options = options;
        _scanner = new PiiScanner(new PiiScannerSettings
        {
            Kinds = options.Kinds,
            IncludePrivateIps = options.RedactPrivateIps,
            IncludeDocumentationIps = options.RedactDocumentationIps,
        });
    }

    /// <summary>Registry-style name of a kind (<c>payment_card</c>), as used in attributes and options.</summary>
    public static string NameOf(PiiKind kind) => Names[(int)kind];

    /// <inheritdoc />
    public StageResult Process(Document document)
    {
        var matches = t_matches ??= new List<PiiMatch>();
        _scanner.Scan(document.Text, matches);
        document.Attributes["pii.total"] = (long)matches.Count;
        if (matches.Count == 0) return StageResult.Keep;

        Span<int> counts = stackalloc int[Names.Length];
        foreach (var m in matches) counts[(int)m.Kind]++;
        for (var k = 0; k < counts.Length; k++)
            if (counts[k] > 0) document.Attributes[AttributeKeys[k]] = (long)counts[k];

        if (_options.MaxPii is { } max && matches.Count > max)
            return StageResult.Drop("too_much_pii", $"{matches.Count} > {max}");

        document.Text = Redact(document.Text, matches, _options.Replacement);
        return StageResult.Keep;
    }

    /// <summary>The text with every match replaced.</summary>
    public static string Redact(string text, IReadOnlyList<PiiMatch> matches, PiiReplacement replacement)
    {
        var builder = new StringBuilder(text.Length);
        Dictionary<(PiiKind, string), int>? pseudonyms = null;
        Span<int> next = stackalloc int[Names.Length];
        var pos = 0;
        foreach (var m in matches)
        {
            builder.Append(text, pos, m.Start - pos);
            builder.Append('<').Append(Tags[(int)m.Kind]);
            if (replacement == PiiReplacement.Pseudonym)
            {
                pseudonyms ??= new Dictionary<(PiiKind, string), int>();
                var key = (m.Kind, Canonical(text.AsSpan(m.Start, m.Length), m.Kind));
                if (!pseudonyms.TryGetValue(key, out var number))
                {
                    number = ++next[(int)m.Kind];
                    pseudonyms[key] = number;
                }

                builder.Append('_').Append(number);
            }

            builder.Append('>');
            pos = m.Start + m.Length;
        }

        builder.Append(text, pos, text.Length - pos);
        return builder.ToString();
    }

    // The same number written with other spacing, or an address in other case, is the same value.
    private static string Canonical(ReadOnlySpan<char> value, PiiKind kind)
    {
        if (kind is PiiKind.Email or PiiKind.IpAddress) return value.ToString().ToLowerInvariant();
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
            if (char.IsAsciiLetterOrDigit(c)) builder.Append(c);
        return builder.ToString();
    }
}
