using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace CorpusForge.Stages.Redaction;

/// <summary>Kinds of personal data the scanner finds.</summary>
public enum PiiKind : byte
{
    /// <summary>E-mail address.</summary>
    Email,
    /// <summary>Telephone number, national or international format.</summary>
    Phone,
    /// <summary>IPv4 or IPv6 address.</summary>
    IpAddress,
    /// <summary>Payment card number that passes the Luhn check.</summary>
    PaymentCard,
    /// <summary>US social security number.</summary>
    Ssn,
    /// <summary>International bank account number that passes the mod-97 check.</summary>
    Iban,
}

/// <summary>One piece of personal data found in a text.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Start">Index of its first UTF-16 unit.</param>
/// <param name="Length">Length in UTF-16 units.</param>
public readonly record struct PiiMatch(PiiKind Kind, int Start, int Length);

/// <summary>What <see cref="PiiScanner"/> looks for.</summary>
public sealed record PiiScannerSettings
{
    /// <summary>Kinds to find; null or empty means all.</summary>
    public IReadOnlyCollection<PiiKind>? Kinds { get; init; }

    /// <summary>Report private, loopback, link-local and shared (CGNAT) IP addresses too.</summary>
    public bool IncludePrivateIps { get; init; }

    /// <summary>Report the documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) too.</summary>
    public bool IncludeDocumentationIps { get; init; }
}

/// <summary>Finds e-mail addresses, phone numbers, IP addresses, payment cards, US SSNs and IBANs in one pass.</summary>
/// <remarks>
/// The text is searched (vectorised) for the few characters every candidate must contain: a digit, '@' or ':'.
/// Each hit is then parsed by a small hand-written recogniser that checks the surrounding word boundaries and the
/// structure of the candidate (group lengths, separators, checksums), so look-alikes such as dates, prices, version
/// numbers, ISBNs and order numbers are left alone. Thread-safe: instances hold only settings.
/// </remarks>
public sealed class PiiScanner
{
    private const int MaxGroups = 8;
    private static readonly SearchValues<char> Triggers = SearchValues.Create("0123456789@:");

    private readonly bool[] _enabled = new bool[6];
    private readonly bool _includePrivate;
    private readonly bool _includeDocumentation;

    /// <summary>A scanner for the given settings.</summary>
    public PiiScanner(PiiScannerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Kinds is null || settings.Kinds.Count == 0) Array.Fill(_enabled, true);
        else foreach (var kind in settings.Kinds) _enabled[(int)kind] = true;
        _includePrivate = settings.IncludePrivateIps;
        _includeDocumentation = settings.IncludeDocumentationIps;
    }

    /// <summary>Appends the PII found in <paramref name="text"/> to <paramref name="matches"/> (cleared first), in
    /// text order and without overlaps.</summary>
    public void Scan(string text, List<PiiMatch> matches)
    {
        matches.Clear();
        var span = text.AsSpan();
        var pos = 0;
        var lastEnd = 0;
        ScanMemo? memo = null;
        while (pos < span.Length)
        {
            var rel = span[pos..].IndexOfAny(Triggers);
            if (rel < 0) break;
            var i = pos + rel;
            var c = span[i];
            Candidate found;
            if (c == '@') found = Enabled(PiiKind.Email) ? TryEmail(span, i, lastEnd) : Candidate.None(i + 1);
            else if (c == ':') found = TryIpv6(span, i, lastEnd);
            else found = TryNumeric(span, i, lastEnd, ref memo);

            if (found.Kind is { } kind && Enabled(kind))
            {
                matches.Add(new PiiMatch(kind, found.Start, found.End - found.Start));
                lastEnd = found.End;
            }

            pos = Math.Max(found.Resume, i + 1);
        }
    }

    /// <summary>The PII found in <paramref name="text"/> as a new list.</summary>
    public List<PiiMatch> Scan(string text)
    {
        var list = new List<PiiMatch>();
        Scan(text, list);
        return list;
    }

    private bool Enabled(PiiKind kind) => _enabled[(int)kind];

    /// <summary>A recogniser's answer: a match (or not) and where scanning goes on.</summary>
    private readonly record struct Candidate(PiiKind? Kind, int Start, int End, int Resume)
    {
        public static Candidate None(int resume) => new(null, 0, 0, resume);
        public static Candidate Of(PiiKind kind, int start, int end) => new(kind, start, end, end);
    }

    // ---- e-mail -------------------------------------------------------------------------------------------------

    private static bool IsLocalPartChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';

    private static Candidate TryEmail(ReadOnlySpan<char> text, int at, int lastEnd)
    {
        var start = at;
        while (start > lastEnd && IsLocalPartChar(text[start - 1]) && at - start < 64) start--;
        while (start < at && text[start] is '.' or '-' or '+') start++;
        if (start == at || text[at - 1] == '.') return Candidate.None(at + 1);
        if (start > 0 && (char.IsLetterOrDigit(text[start - 1]) || text[start - 1] is '@' or '/')) return Candidate.None(at + 1);

        // Domain: labels of letters, digits and inner hyphens separated by single dots; the last is alphabetic.
        var j = at + 1;
        var labels = 0;
        var lastLabelStart = j;
        var lastLabelAlpha = true;
        while (j < text.Length)
        {
            var labelStart = j;
            var alpha = true;
            while (j < text.Length && (char.IsAsciiLetterOrDigit(text[j]) || text[j] == '-'))
            {
                if (!char.IsAsciiLetter(text[j])) alpha = false;
                j++;
            }

            if (j == labelStart || text[labelStart] == '-' || text[j - 1] == '-') break;
            labels++;
            lastLabelStart = labelStart;
            lastLabelAlpha = alpha;
            if (j + 1 < text.Length && text[j] == '.' && char.IsAsciiLetterOrDigit(text[j + 1])) j++;
            else break;
        }

        var end = j;
        if (labels < 2 || !lastLabelAlpha || end - lastLabelStart < 2) return Candidate.None(at + 1);
        // "icon@2x.png": asset names use '@' for pixel density.
        if (text[lastLabelStart..end] is "png" or "jpg" or "jpeg" or "gif" or "svg" or "webp") return Candidate.None(at + 1);
        if (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '@')) return Candidate.None(at + 1);
        // "git@github.com:org/repo.git" is an scp-style remote (host, colon, path), not an address.
        if (end + 1 < text.Length && text[end] == ':' && (char.IsAsciiLetter(text[end + 1]) || text[end + 1] is '/' or '~' or '_'))
            return Candidate.None(at + 1);
        // "postgresql://user:pass@db.internal": the part before '@' is URL userinfo, not a mailbox.
        if (IsUrlUserinfo(text, start)) return Candidate.None(at + 1);
        return Candidate.Of(PiiKind.Email, start, end);
    }

    // Scans back from the local part over the authority of a URL ("user:p#ss" of "postgres://user:p#ss@db") to
    // "scheme://": an '@' there ends URL userinfo (RFC 3986 section 3.2), whatever the characters before it.
    private static bool IsUrlUserinfo(ReadOnlySpan<char> text, int start)
    {
        var k = start - 1;
        while (k >= 0 && start - k < 256 && !char.IsWhiteSpace(text[k]) && text[k] is not ('/' or '"' or '\'' or '<' or '`')) k--;
        return k >= 2 && text[k] == '/' && text[k - 1] == '/' && text[k - 2] == ':';
    }

    // ---- IPv6 ---------------------------------------------------------------------------------------------------

    private static bool IsIpv6Char(char c) => char.IsAsciiHexDigit(c) || c is ':' or '.';

    private Candidate TryIpv6(ReadOnlySpan<char> text, int colon, int lastEnd)
    {
        var start = colon;
        while (start > lastEnd && IsIpv6Char(text[start - 1]) && colon - start <= 45) start--;
        // The run is scanned to its end (unbounded), so a long run is passed over once instead of once per colon.
        var end = colon;
        var colons = 0;
        while (end < text.Length && IsIpv6Char(text[end]))
        {
            if (text[end] == ':') colons++;
            end++;
        }

        // A run with one colon ("x:55.167.56.139", "tel:+48...") is no IPv6 address, but what follows the colon may be
        // an IPv4 address or a number; resuming after the colon costs one more pass over that run only.
        var resume = colons == 1 ? colon + 1 : end;
        if (end - start > 46) return Candidate.None(resume);
        // Leading dots, and trailing dots or single colons (sentence punctuation, "host: ..."), are not part of it.
        while (start < end && text[start] == '.') start++;
        while (end > start && (text[end - 1] == '.' || (text[end - 1] == ':' && (end - 2 < start || text[end - 2] != ':')))) end--;
        if (!Enabled(PiiKind.IpAddress)) return Candidate.None(resume);
        if (end - start < 2 || end - start > 45) return Candidate.None(resume);
        if (start > 0 && (char.IsLetterOrDigit(text[start - 1]) || text[start - 1] is ':' or '_' or '-')) return Candidate.None(resume);
        if (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '_' or '-')) return Candidate.None(resume);
        var candidate = text[start..end];
        if (candidate.Count(':') < 2) return Candidate.None(resume);
        if (!IPAddress.TryParse(candidate, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            return Candidate.None(resume);
        return IsReportable(address) ? Candidate.Of(PiiKind.IpAddress, start, end) : Candidate.None(end);
    }

    private bool IsReportable(IPAddress v6)
    {
        if (v6.IsIPv4MappedToIPv6) return IsReportableV4(v6.MapToIPv4().GetAddressBytes());
        Span<byte> b = stackalloc byte[16];
        v6.TryWriteBytes(b, out _);
        var isDocumentation = b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8;
        if (isDocumentation) return _includeDocumentation;
        var isPrivate = IPAddress.IsLoopback(v6) || v6.Equals(IPAddress.IPv6None) || v6.IsIPv6LinkLocal ||
                        v6.IsIPv6UniqueLocal || v6.IsIPv6SiteLocal || v6.IsIPv6Multicast;
        return !isPrivate || _includePrivate;
    }

    private bool IsReportableV4(ReadOnlySpan<byte> a)
    {
        var isDocumentation = (a[0] == 192 && a[1] == 0 && a[2] == 2) || (a[0] == 198 && a[1] == 51 && a[2] == 100) ||
                              (a[0] == 203 && a[1] == 0 && a[2] == 113);
        if (isDocumentation) return _includeDocumentation;
        var isPrivate = a[0] is 0 or 10 or 127 or >= 224 || (a[0] == 172 && a[1] is >= 16 and <= 31) ||
                        (a[0] == 192 && a[1] == 168) || (a[0] == 169 && a[1] == 254) ||
                        (a[0] == 100 && a[1] is >= 64 and <= 127);
        return !isPrivate || _includePrivate;
    }

    // ---- numbers: IPv4, SSN, cards, phones, IBAN ------------------------------------------------------------------

    private static bool IsDigit(char c) => char.IsAsciiDigit(c);

    private Candidate TryNumeric(ReadOnlySpan<char> text, int i, int lastEnd, ref ScanMemo? memo)
    {
        if (i > 0 && char.IsAsciiLetter(text[i - 1]))
        {
            // Two letters of one case then the check digits: an IBAN starts here (lower-case IBANs are as common in
            // hand-typed text as upper-case ones).
            if (i >= 2 && char.IsAsciiLetter(text[i - 2]) && char.IsAsciiLetterUpper(text[i - 1]) == char.IsAsciiLetterUpper(text[i - 2]) &&
                i - 2 >= lastEnd && (i == 2 || !char.IsLetterOrDigit(text[i - 3])) && Enabled(PiiKind.Iban))
            {
                var iban = TryIban(text, i - 2);
                if (iban.Kind is not null || iban.Resume > i + 1) return iban;
            }

            return Candidate.None(SkipAlphanumeric(text, i));
        }

        if (i > 0 && (IsDigit(text[i - 1]) || char.IsLetter(text[i - 1]))) return Candidate.None(SkipAlphanumeric(text, i));

        // "(55.167.56.139)" and "(412) 456-1798": a bracket may open an area code or merely enclose the number.
        if (i > 0 && text[i - 1] == '(' && i - 1 >= lastEnd && LeftBoundaryOk(text, i - 1))
        {
            var bracketed = TryNumericFrom(text, i, i - 1, plus: false, openParen: true, ref memo);
            if (bracketed.Kind is not null) return bracketed;
            return TryNumericFrom(text, i, i, plus: false, openParen: false, ref memo);
        }

        var plus = i > 0 && text[i - 1] == '+';
        var start = plus ? i - 1 : i;
        if (start < lastEnd || !LeftBoundaryOk(text, start)) return Candidate.None(SkipNumberRun(text, i));
        return TryNumericFrom(text, i, start, plus, openParen: false, ref memo);
    }

    private Candidate TryNumericFrom(ReadOnlySpan<char> text, int i, int start, bool plus, bool openParen, ref ScanMemo? memo)
    {
        Span<int> groupStart = stackalloc int[MaxGroups];
        Span<int> groupLength = stackalloc int[MaxGroups];
        Span<char> separator = stackalloc char[MaxGroups];
        var groups = 0;
        var digits = 0;
        var usedParen = false;
        var parenFrom = -1;
        var j = i;
        while (true)
        {
            var g = j;
            while (j < text.Length && IsDigit(text[j])) j++;
            groupStart[groups] = g;
            groupLength[groups] = j - g;
            digits += j - g;
            groups++;
            if (groups == MaxGroups || digits > 19 || j >= text.Length) break;

            var c = text[j];
            if (c == ')' && openParen)
            {
                var k = j + 1;
                if (k < text.Length && text[k] is ' ' or '-') k++;
                if (k < text.Length && IsDigit(text[k]))
                {
                    separator[groups] = ')';
                    openParen = false;
                    usedParen = true;
                    j = k;
                    continue;
                }

                break;
            }

            if (c is ' ' or '-' or '.' && !openParen)
            {
                var k = j + 1;
                if (k < text.Length && IsDigit(text[k]))
                {
                    separator[groups] = c;
                    j = k;
                    continue;
                }

                if (c == ' ' && k + 1 < text.Length && text[k] == '(' && IsDigit(text[k + 1]))
                {
                    separator[groups] = '(';
                    openParen = true;
                    parenFrom = groups;
                    j = k + 1;
                    continue;
                }
            }

            break;
        }

        // A run that is none of the kinds is skipped whole: a suffix of it ("0000 0000 00" of a 22-digit tracking
        // number) must not be read as a number of its own.
        var resume = groupStart[groups - 1] + groupLength[groups - 1];
        if (openParen)
        {
            // A bracket after a number that does not close into more digits ("dial 0161 496 0000 (24/7 line)",
            // "555-123-4567 (2)") is a remark, not an area code: the number ends before it. A bracket that opened
            // the candidate leaves nothing before it; the caller then reads the number without it.
            if (parenFrom <= 0) return Candidate.None(resume);
            groups = parenFrom;
            resume = groupStart[groups - 1] + groupLength[groups - 1];
        }

        // Try every group, then fewer groups as long as what is left off starts after a space; a shorter reading may
        // only be a phone number in an unambiguous format (a "+", brackets or the North American layout), so the
        // first twelve digits of a failed card are never read as a card or a national number.
        for (var k = groups; k >= 1; k--)
        {
            var end = groupStart[k - 1] + groupLength[k - 1];
            var isWhole = k == groups;
            var extensionEnd = isWhole ? ExtensionEnd(text, end) : -1;
            if (isWhole ? !RightBoundaryOk(text, end) && extensionEnd < 0 : separator[k] != ' ') continue;
            if (IsArithmetic(text, start, end)) return Candidate.None(resume);
            var kind = Classify(text, start, end, plus, usedParen && ParenWithin(separator, k), groupStart, groupLength, separator, k, isWhole, ref memo, out var skip);
            if (kind is { } found)
            {
                if (found == PiiKind.Phone && isWhole && extensionEnd > end) end = extensionEnd;
                else if (isWhole && !RightBoundaryOk(text, end)) return Candidate.None(resume);
                return Candidate.Of(found, start, end);
            }

            if (skip) return Candidate.None(end);
        }

        return Candidate.None(resume);
    }

    // "x123", " ext. 123", ";ext=123", " extension 12": a phone extension belongs to the number (RFC 3966 names it
    // "ext"). Returns where the extension ends, or -1.
    private static int ExtensionEnd(ReadOnlySpan<char> text, int end)
    {
        var k = end;
        if (k < text.Length && text[k] is ' ' or ';' or ',') k++;
        var rest = text[k..];
        int prefix;
        if (rest.StartsWith("extension", StringComparison.OrdinalIgnoreCase)) prefix = 9;
        else if (rest.StartsWith("ext", StringComparison.OrdinalIgnoreCase)) prefix = 3;
        else if (rest.Length > 0 && rest[0] is 'x' or 'X' or '#') prefix = 1;
        else return -1;
        k += prefix;
        if (k < text.Length && text[k] is '.' or '=' or ':') k++;
        if (k < text.Length && text[k] == ' ') k++;
        var digitsStart = k;
        while (k < text.Length && IsDigit(text[k]) && k - digitsStart < 7) k++;
        if (k - digitsStart is 0 or > 6) return -1;
        if (k < text.Length && (char.IsLetterOrDigit(text[k]) || text[k] is '_' or '@')) return -1;
        return k;
    }

    // "238-438-1880 mod 7", "= 12 - 345 - 6789": a number that is an operand of arithmetic is not a phone or an id.
    private static bool IsArithmetic(ReadOnlySpan<char> text, int start, int end)
    {
        var after = text[end..];
        if (after.StartsWith(" mod ", StringComparison.Ordinal) || after.StartsWith(" % ", StringComparison.Ordinal) ||
            after.StartsWith(" * ", StringComparison.Ordinal) || after.StartsWith(" / ", StringComparison.Ordinal) ||
            after.StartsWith(" + ", StringComparison.Ordinal) || after.StartsWith(" = ", StringComparison.Ordinal) ||
            after.StartsWith(" == ", StringComparison.Ordinal) || after.StartsWith(" ≡ ", StringComparison.Ordinal))
            return true;
        var before = text[..start];
        return before.EndsWith(" * ", StringComparison.Ordinal) || before.EndsWith(" / ", StringComparison.Ordinal) ||
               before.EndsWith(" mod ", StringComparison.Ordinal) || before.EndsWith("== ", StringComparison.Ordinal);
    }

    private static bool ParenWithin(ReadOnlySpan<char> separator, int groups)
    {
        for (var g = 1; g < groups; g++) if (separator[g] is ')' or '(') return true;
        return false;
    }

    // Digits inside a word ("abc123", "1Z999AA1") start nothing; the rest of the word is skipped at once.
    private static int SkipAlphanumeric(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && char.IsAsciiLetterOrDigit(text[i])) i++;
        return i;
    }

    // Every digit in a run of digits and joiners ("1.2.3", "12,345-678/9") has a digit or a glued joiner before it,
    // so none can start a number: the run is skipped whole. Colons stay, they may start an IPv6 address.
    private static int SkipNumberRun(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && (IsDigit(text[i]) || text[i] is '.' or ',' or '-' or '/')) i++;
        return i;
    }

    private static bool LeftBoundaryOk(ReadOnlySpan<char> text, int start)
    {
        if (start == 0) return true;
        var b = text[start - 1];
        if (char.IsLetterOrDigit(b) || b is '$' or '€' or '£' or '¥' or '₹' or '#' or '_' or '\\' or '@' or '&' or '%' or '№' or '+')
            return false;
        // "v1.2", "x-123", "a/555": a joiner glued to a word makes this part of that word. A comma or colon after a
        // digit is a thousands separator or a time ("1,234", "12:30"); after anything else they separate fields
        // ("a,55.167.56.139", "tel:+48...", "x:10.2.3.4"), as '=' does ("src=35.194.133.172").
        if (b is '.' or '-' or '/' && start >= 2 && char.IsLetterOrDigit(text[start - 2])) return false;
        if (b == ':' && start >= 2 && char.IsDigit(text[start - 2])) return false;
        if (b == ',' && start >= 2 && char.IsDigit(text[start - 2]) && IsThousandsGroup(text, start)) return false;
        return true;
    }

    // After "1,": exactly three digits that end the number ("1,234", "1,234,567", "1,234.50") continue it; a field
    // of a CSV row ("7196,5564 1889 ...", "5238,164.111.198.163") does not.
    private static bool IsThousandsGroup(ReadOnlySpan<char> text, int start)
    {
        var k = start;
        while (k < text.Length && IsDigit(text[k])) k++;
        if (k - start != 3) return false;
        if (k + 1 < text.Length && text[k] == '.' && IsDigit(text[k + 1]))
        {
            var m = k + 1;
            while (m < text.Length && IsDigit(text[m])) m++;
            return m >= text.Length || text[m] != '.';
        }

        return k >= text.Length || text[k] is not (' ' or '-');
    }

    private static bool RightBoundaryOk(ReadOnlySpan<char> text, int end)
    {
        if (end >= text.Length) return true;
        var c = text[end];
        if (char.IsLetterOrDigit(c) || c is '%' or '_' or '@' or '$' or '€' or '£') return false;
        if (c is '.' or '/' or '-' && end + 1 < text.Length && IsDigit(text[end + 1])) return false;
        return true;
    }

    private PiiKind? Classify(ReadOnlySpan<char> text, int start, int end, bool plus, bool paren, ReadOnlySpan<int> gs,
        ReadOnlySpan<int> gl, ReadOnlySpan<char> sep, int groups, bool isWhole, ref ScanMemo? memo, out bool skip)
    {
        skip = false;
        var digits = 0;
        for (var g = 0; g < groups; g++) digits += gl[g];
        var firstSep = groups > 1 ? sep[1] : '\0';
        var sameSep = true;
        for (var g = 2; g < groups; g++) sameSep &= sep[g] == firstSep;

        if (!plus && !paren && groups == 4 && firstSep == '.' && sameSep)
        {
            Span<byte> octets = stackalloc byte[4];
            for (var g = 0; g < 4; g++)
            {
                if (gl[g] > 3 || (gl[g] > 1 && text[gs[g]] == '0')) return null;
                var value = int.Parse(text.Slice(gs[g], gl[g]));
                if (value > 255) return null;
                octets[g] = (byte)value;
            }

            // "version 4.2.0.1", "chapter 12.3.4.5": four-part version and section numbers look exactly like addresses.
            if (IsReportableV4(octets) && Enabled(PiiKind.IpAddress) && !HasKeyword(text, start, ref memo, VersionKeywords) &&
                !ColumnHeaderHas(text, start, ref memo, VersionKeywords))
                return PiiKind.IpAddress;
            skip = true;
            return null;
        }

        // Shorter readings of a longer run are phones in unambiguous layouts only (see the caller).
        if (isWhole && !plus && !paren)
        {
            if (Enabled(PiiKind.Ssn))
            {
                // AAA-GG-SSSS with dashes or spaces; nine bare digits where a key, label or column says SSN.
                if (groups == 3 && firstSep is '-' or ' ' && sameSep && gl[0] == 3 && gl[1] == 2 && gl[2] == 4)
                {
                    if (IsValidSsn(text.Slice(gs[0], 3), text.Slice(gs[1], 2), text.Slice(gs[2], 4))) return PiiKind.Ssn;
                    // The SSN layout with a never-issued number is a test or dummy value, not a phone number.
                    skip = true;
                    return null;
                }
                if (groups == 1 && digits == 9 && IsValidSsn(text.Slice(gs[0], 3), text.Slice(gs[0] + 3, 2), text.Slice(gs[0] + 5, 4)) &&
                    (HasKeyword(text, start, ref memo, SsnKeywords) || ColumnHeaderHas(text, start, ref memo, SsnKeywords)))
                    return PiiKind.Ssn;
            }

            if (digits is >= 12 and <= 19 && (groups == 1 || (sameSep && firstSep is ' ' or '-')) && IsCardGrouping(gl, groups, digits))
            {
                Span<char> number = stackalloc char[digits];
                var n = 0;
                for (var g = 0; g < groups; g++)
                {
                    text.Slice(gs[g], gl[g]).CopyTo(number[n..]);
                    n += gl[g];
                }

                if (IsCardNumber(number) && (groups > 1 || !HasKeyword(text, start, ref memo, NotCardKeywords)))
                    return Enabled(PiiKind.PaymentCard) ? PiiKind.PaymentCard : null;
                // A grouped 16-digit number that fails the checks is a card look-alike: no reading of it is PII.
                if (groups >= 3)
                {
                    skip = true;
                    return null;
                }
            }
        }

        if (!Enabled(PiiKind.Phone)) return null;
        if (plus) return digits is >= 8 and <= 15 && (groups >= 2 || digits >= 10 || (digits >= 8 && HasKeyword(text, start, ref memo, PhoneKeywords))) ? PiiKind.Phone : null;
        if (paren) return digits is >= 10 and <= 11 && groups >= 2 ? PiiKind.Phone : null;
        var spaceOrDash = true;
        for (var g = 1; g < groups; g++) spaceOrDash &= sep[g] is ' ' or '-';
        if (groups >= 2 && (sameSep && firstSep is ' ' or '-' or '.' || spaceOrDash))
        {
            var first = text[gs[0]];
            // North American plan: NXX-NXX-XXXX, optionally after a trunk 1.
            if (groups == 3 && gl[0] == 3 && gl[1] == 3 && gl[2] == 4 && first is >= '2' and <= '9' && sameSep) return PiiKind.Phone;
            if (groups == 4 && gl[0] == 1 && first == '1' && gl[1] == 3 && gl[2] == 3 && gl[3] == 4 && sameSep) return PiiKind.Phone;
            if (!isWhole) return null;
            var keyword = HasKeyword(text, start, ref memo, PhoneKeywords) || ColumnHeaderHas(text, start, ref memo, PhoneKeywords);
            // National numbers in any country's layout: Google's libphonenumber metadata decides. Without a phone
            // word nearby a number needs 9 or more digits in groups of 2 or more, which keeps dates, times, prices,
            // versions and ISBNs out; after "Phone:" a 7-digit local number counts.
            if (digits is >= 7 and <= 13 && MinGroup(gl, groups) >= 2 && !LooksLikeDate(text, gs, gl, sep, groups) &&
                !LooksLikeCountOrCode(text, gs, gl, sep, groups) && !HasKeyword(text, start, ref memo, NotPhoneKeywords) &&
                (keyword ? digits >= 7 : digits >= 9) && PhoneValidator.IsNationalNumber(text[start..end], keyword))
                return PiiKind.Phone;
            return null;
        }

        if (isWhole && groups == 1 && digits is >= 7 and <= 15 &&
            (HasKeyword(text, start, ref memo, PhoneKeywords) || ColumnHeaderHas(text, start, ref memo, PhoneKeywords)) &&
            (digits >= 10 || PhoneValidator.IsNationalNumber(text[start..end], keyword: true)))
            return PiiKind.Phone;
        return null;
    }

    // 2024-01-15, 15.01.2024, 01/15/2024 written with spaces or dashes: a year group (19xx/20xx) next to groups that
    // fit a month and a day.
    private static bool LooksLikeDate(ReadOnlySpan<char> text, ReadOnlySpan<int> gs, ReadOnlySpan<int> gl, ReadOnlySpan<char> sep, int groups)
    {
        for (var g = 0; g < groups; g++)
        {
            if (gl[g] != 4) continue;
            var y = text.Slice(gs[g], 4);
            if (y[0] == '1' && y[1] == '9' || y[0] == '2' && y[1] == '0')
                if ((g + 2 < groups && gl[g + 1] <= 2 && gl[g + 2] <= 2) || (g >= 2 && gl[g - 1] <= 2 && gl[g - 2] <= 2)) return true;
        }

        return false;
    }

    // "25 000 000" is a round count; "2024-00017" and "2021-1234-567" are document and model numbers that start
    // with a year.
    private static bool LooksLikeCountOrCode(ReadOnlySpan<char> text, ReadOnlySpan<int> gs, ReadOnlySpan<int> gl, ReadOnlySpan<char> sep, int groups)
    {
        if (groups >= 2 && text.Slice(gs[groups - 1], gl[groups - 1]).Trim('0').Length == 0 &&
            text.Slice(gs[groups - 2], gl[groups - 2]).Trim('0').Length == 0)
            return true;
        var first = text.Slice(gs[0], gl[0]);
        return gl[0] == 4 && sep[1] == '-' && (first.StartsWith("19") || first.StartsWith("20"));
    }

    private static int MinGroup(ReadOnlySpan<int> gl, int groups)
    {
        var min = int.MaxValue;
        for (var g = 0; g < groups; g++) min = Math.Min(min, gl[g]);
        return min;
    }

    private static readonly KeywordSet PhoneKeywords = new("tel", "phone", "fax", "mobile", "call", "cell", "whatsapp", "contact", "ring", "dial", "sms", "handy", "téléphone", "teléfono", "telefon", "móvil", "portable", "手机", "电话");
    private static readonly KeywordSet NotPhoneKeywords = new("invoice", "order", "model", "tracking", "ticket", "isbn", "serial", "sku", "part no", "item", "patent", "case no", "ref");
    private static readonly KeywordSet VersionKeywords = new("version", "release", "build", "ver.", "firmware", "chapter", "section", "§", "updated to", "upgrade", "install");
    private static readonly KeywordSet SsnKeywords = new("ssn", "social security", "ss#", "social_security", "socialsecurity");
    private static readonly KeywordSet NotCardKeywords = new("order", "invoice", "tracking", "isbn", "serial", "ticket", "ref", "id:", "id=", "timestamp", "ts=", "epoch");

    // A keyword counts in the 32 characters before a candidate, at the start of a word only: "tel" is not in "patel"
    // or "hotel". Every set is looked up in one pass per candidate start (the scan asks several sets, several times
    // for the shorter readings of one number).
    private static bool HasKeyword(ReadOnlySpan<char> text, int start, ref ScanMemo? memo, KeywordSet keywords) =>
        ((memo ??= new ScanMemo()).KeywordsBefore(text, start) & keywords.Bit) != 0;

    /// <summary>Case-insensitive keywords found by their first character, so that a look-up costs one table probe
    /// per character instead of one substring search per keyword (the keyword checks were most of the scanner's
    /// time on dense text).</summary>
    private sealed class KeywordSet
    {
        private static int _count;
        private readonly string[]?[] _byFirst = new string[]?[128];
        private readonly string[] _nonAscii;

        /// <summary>How many sets exist (the ids are 0 to Count − 1).</summary>
        public const int Count = 5;

        /// <summary>A small number naming this set, for per-set memos.</summary>
        public int Id { get; }

        // Every set's keywords with the set's bit, by first character: one pass finds all sets at once.
        private static readonly List<(string Keyword, int Bit)>?[] AllByFirst = new List<(string, int)>?[128];
        private static readonly List<(string Keyword, int Bit)> AllNonAscii = [];

        /// <summary>This set's bit in <see cref="MaskBefore"/>'s answer.</summary>
        public int Bit => 1 << Id;

        public KeywordSet(params string[] keywords)
        {
            Id = Interlocked.Increment(ref _count) - 1;
            if (Id >= Count) throw new InvalidOperationException("raise KeywordSet.Count");
            var folded = keywords.Select(k => string.Concat(k.Select(Fold))).ToArray();
            foreach (var k in folded)
                (k[0] < 128 ? AllByFirst[k[0]] ??= [] : AllNonAscii).Add((k, Bit));
            foreach (var group in folded.Where(k => k[0] < 128).GroupBy(k => k[0])) _byFirst[group.Key] = group.ToArray();
            _nonAscii = folded.Where(k => k[0] >= 128).ToArray();
        }

        // Case folding as OrdinalIgnoreCase does it for these words: ASCII by bit, the rest by the invariant table.
        private static char Fold(char c) => c < 128 ? (c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c) : char.ToLowerInvariant(c);

        private string[]? Candidates(char c)
        {
            var f = Fold(c);
            return f < 128 ? _byFirst[f] : _nonAscii.Length > 0 ? _nonAscii : null;
        }

        private static bool MatchesAt(ReadOnlySpan<char> text, int at, int end, string keyword)
        {
            if (at + keyword.Length > end) return false;
            for (var k = 0; k < keyword.Length; k++)
                if (Fold(text[at + k]) != keyword[k]) return false;
            return true;
        }

        /// <summary>The bits of the sets with a keyword that starts a word in the <paramref name="window"/>
        /// characters before <paramref name="end"/> and ends before it.</summary>
        public static int MaskBefore(ReadOnlySpan<char> text, int end, int window)
        {
            var mask = 0;
            for (var p = Math.Max(0, end - window); p < end; p++)
            {
                var f = Fold(text[p]);
                var candidates = f < 128 ? AllByFirst[f] : AllNonAscii.Count > 0 ? AllNonAscii : null;
                if (candidates is null || (p > 0 && char.IsLetter(text[p - 1]))) continue;
                foreach (var (keyword, bit) in candidates)
                    if ((mask & bit) == 0 && MatchesAt(text, p, end, keyword)) mask |= bit;
            }

            return mask;
        }

        /// <summary>True when a keyword occurs anywhere in <paramref name="name"/>.</summary>
        public bool OccursIn(ReadOnlySpan<char> name)
        {
            for (var p = 0; p < name.Length; p++)
            {
                if (Candidates(name[p]) is not { } candidates) continue;
                foreach (var keyword in candidates)
                    if (MatchesAt(name, p, name.Length, keyword)) return true;
            }

            return false;
        }
    }

    // In a delimited table (CSV, TSV, '|' or ';' separated) the column name says what a bare number is: the field
    // index of the number in its line picks the field of the first line of the text.
    private const int MaxTableLine = 4096;

    private static bool ColumnHeaderHas(ReadOnlySpan<char> text, int start, ref ScanMemo? memo, KeywordSet keywords)
    {
        memo ??= new ScanMemo();
        if (memo.Delimiter(text) == '\0') return false;
        // Both searches are bounded, so a huge text without line breaks is still scanned in linear time.
        var from = Math.Max(0, start - MaxTableLine);
        var lineStart = text[from..start].LastIndexOf('\n');
        if (lineStart < 0) return false;
        lineStart += from + 1;
        var field = memo.FieldAt(text, lineStart, start);
        if (field == 0 && !memo.LineHasDelimiter(text)) return false;
        return memo.ColumnHas(text, field, keywords);
    }

    /// <summary>What one scan has learnt about its text, so that no candidate pays for it again: the keywords
    /// before the current candidate; the text as a table (header line, delimiter, which columns' names hold which
    /// keywords) and how far the field count of the current line has got. Scans move forward, so each line is
    /// counted once instead of once per number in it.</summary>
    private sealed class ScanMemo
    {
        private int _keywordStart = -1, _keywordMask;
        private bool _headerRead;
        private int _headerEnd = -1;
        private char _delimiter;
        private readonly ulong[] _masks = new ulong[KeywordSet.Count];
        private readonly bool[] _maskReady = new bool[KeywordSet.Count];
        private int _lineStart = -1, _position, _field;
        private bool _quoted;
        private int _delimiterLine = -1;
        private bool _lineHasDelimiter;

        /// <summary>Bits of the keyword sets with a keyword in the 32 characters before <paramref name="start"/>.</summary>
        public int KeywordsBefore(ReadOnlySpan<char> text, int start)
        {
            if (start != _keywordStart) (_keywordStart, _keywordMask) = (start, KeywordSet.MaskBefore(text, start, 32));
            return _keywordMask;
        }

        /// <summary>The delimiter the first line uses most (at least twice: a table has three columns), or '\0'.</summary>
        public char Delimiter(ReadOnlySpan<char> text)
        {
            if (_headerRead) return _delimiter;
            _headerRead = true;
            _headerEnd = text[..Math.Min(text.Length, MaxTableLine)].IndexOf('\n');
            if (_headerEnd < 0) return _delimiter;
            var header = text[.._headerEnd];
            var most = 1;
            foreach (var d in "\t,;|")
            {
                var count = header.Count(d);
                if (count > most) (_delimiter, most) = (d, count);
            }

            return _delimiter;
        }

        /// <summary>Index of the field (quoted delimiters excepted) in which <paramref name="position"/> lies.</summary>
        public int FieldAt(ReadOnlySpan<char> text, int lineStart, int position)
        {
            if (lineStart != _lineStart || position < _position) (_lineStart, _position, _field, _quoted) = (lineStart, lineStart, 0, false);
            for (; _position < position; _position++)
            {
                var c = text[_position];
                if (c == '"') _quoted = !_quoted;
                else if (c == _delimiter && !_quoted) _field++;
            }

            return _field;
        }

        /// <summary>Whether the line of the last <see cref="FieldAt"/> has the delimiter at all (within the bound).</summary>
        public bool LineHasDelimiter(ReadOnlySpan<char> text)
        {
            if (_delimiterLine != _lineStart)
            {
                var line = text[_lineStart..Math.Min(text.Length, _lineStart + MaxTableLine)];
                var at = line.IndexOfAny(_delimiter, '\n');
                (_delimiterLine, _lineHasDelimiter) = (_lineStart, at >= 0 && line[at] == _delimiter);
            }

            return _lineHasDelimiter;
        }

        /// <summary>True when the header names column <paramref name="field"/> with one of <paramref name="keywords"/>.</summary>
        public bool ColumnHas(ReadOnlySpan<char> text, int field, KeywordSet keywords)
        {
            if (field < 64)
            {
                if (!_maskReady[keywords.Id])
                {
                    ulong mask = 0;
                    var header = text[.._headerEnd];
                    var f = 0;
                    foreach (var range in header.Split(_delimiter))
                    {
                        if (f == 64) break;
                        var name = header[range];
                        if (name.Length <= 40 && keywords.OccursIn(name)) mask |= 1UL << f;
                        f++;
                    }

                    (_masks[keywords.Id], _maskReady[keywords.Id]) = (mask, true);
                }

                return (_masks[keywords.Id] & (1UL << field)) != 0;
            }

            return NameHas(text, field, keywords);
        }

        private bool NameHas(ReadOnlySpan<char> text, int field, KeywordSet keywords)
        {
            var header = text[.._headerEnd];
            foreach (var range in header.Split(_delimiter))
            {
                if (field-- != 0) continue;
                var name = header[range];
                return name.Length <= 40 && keywords.OccursIn(name);
            }

            return false;
        }
    }

    private static bool IsValidSsn(ReadOnlySpan<char> area, ReadOnlySpan<char> group, ReadOnlySpan<char> serial)
    {
        // SSA rules: area 000, 666 and 900–999, group 00 and serial 0000 are never issued.
        if (area is "000" or "666" || area[0] == '9') return false;
        return group is not "00" && serial is not "0000";
    }

    private static bool IsCardGrouping(ReadOnlySpan<int> gl, int groups, int digits)
    {
        if (groups == 1) return true;
        // 4-6-5 / 4-6-4 (American Express, Diners Club); otherwise groups of four with a shorter last group
        // (4-4-4 Maestro, 4-4-4-4, 4-4-4-4-3, 4-4-4-1 Visa 13).
        if (groups == 3 && gl[0] == 4 && gl[1] == 6 && gl[2] is 4 or 5) return true;
        if (groups < 3) return false;
        for (var g = 0; g < groups - 1; g++) if (gl[g] != 4) return false;
        return gl[groups - 1] is >= 1 and <= 4 && digits >= 12;
    }

    // Issuer identification numbers and lengths, from the ISO/IEC 7812 registrations the networks publish (as
    // tabulated in Wikipedia's "Payment card number" article): prefix range, prefix digits, shortest and longest length.
    private static readonly (int From, int To, int Digits, int MinLength, int MaxLength)[] Issuers =
    [
        (4, 4, 1, 13, 19),             // Visa (13, 16, 19)
        (51, 55, 2, 16, 16),           // Mastercard
        (2221, 2720, 4, 16, 16),       // Mastercard 2-series
        (34, 34, 2, 15, 15), (37, 37, 2, 15, 15), // American Express
        (300, 305, 3, 14, 19), (36, 36, 2, 14, 19), (38, 39, 2, 14, 19), (3095, 3095, 4, 14, 19), // Diners Club
        (3528, 3589, 4, 16, 19),       // JCB
        (2131, 2131, 4, 15, 15), (1800, 1800, 4, 15, 15), // JCB (old 15-digit ranges)
        (6011, 6011, 4, 16, 19), (644, 649, 3, 16, 19), (65, 65, 2, 16, 19), // Discover
        (62, 62, 2, 16, 19), (81, 81, 2, 16, 19), // UnionPay
        (50, 50, 2, 12, 19), (56, 69, 2, 12, 19), // Maestro (5018, 5020, 5038, 5893, 6304, 6759, 676x ...), InterPayment, InstaPayment
        (2200, 2205, 4, 16, 19),       // Mir, BORICA
        (82, 82, 2, 16, 16), (508, 508, 3, 16, 16), (353, 353, 3, 16, 16), (356, 356, 3, 16, 16), // RuPay
        (9792, 9792, 4, 16, 16),       // Troy
        (1946, 1946, 4, 16, 19),       // GPN
    ];

    private static bool IsCardNumber(ReadOnlySpan<char> number)
    {
        var length = number.Length;
        var prefix = 0;
        for (var d = 1; d <= 4; d++)
        {
            prefix = prefix * 10 + (number[d - 1] - '0');
            foreach (var (from, to, digits, min, max) in Issuers)
                if (digits == d && prefix >= from && prefix <= to && length >= min && length <= max)
                    return PassesLuhn(number);
        }

        return false;
    }

    /// <summary>The Luhn (mod 10) check of payment card numbers.</summary>
    public static bool PassesLuhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var k = digits.Length - 1; k >= 0; k--)
        {
            var d = digits[k] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    // ---- IBAN ---------------------------------------------------------------------------------------------------

    private static readonly Dictionary<string, int> IbanLengths = BuildIbanLengths();

    // Lengths per country from the SWIFT IBAN registry (release 2024).
    private static Dictionary<string, int> BuildIbanLengths()
    {
        const string table = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 EE20 " +
                             "EG29 ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 " +
                             "KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 " +
                             "PS29 PT25 QA29 RO24 RS22 SA24 SC31 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20";
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in table.Split(' ')) map[entry[..2]] = int.Parse(entry.AsSpan(2));
        return map;
    }

    private static Candidate TryIban(ReadOnlySpan<char> text, int start)
    {
        var lookup = IbanLengths.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> country = [char.ToUpperInvariant(text[start]), char.ToUpperInvariant(text[start + 1])];
        if (!lookup.TryGetValue(country, out var length)) return Candidate.None(start + 3);
        Span<char> compact = stackalloc char[34];
        var n = 0;
        var j = start;
        while (n < length && j < text.Length)
        {
            var c = text[j];
            if (char.IsAsciiLetterOrDigit(c))
            {
                compact[n++] = char.ToUpperInvariant(c);
                j++;
            }
            else if (c == ' ' && n % 4 == 0 && j + 1 < text.Length && char.IsAsciiLetterOrDigit(text[j + 1]))
            {
                j++;
            }
            else
            {
                break;
            }
        }

        if (n != length || !char.IsAsciiDigit(compact[2]) || !char.IsAsciiDigit(compact[3])) return Candidate.None(start + 3);
        if (j < text.Length && char.IsLetterOrDigit(text[j])) return Candidate.None(start + 3);
        // A well-formed IBAN with a wrong check is skipped whole, so its digit groups are not read as a card.
        return Mod97(compact[..n]) == 1 ? Candidate.Of(PiiKind.Iban, start, j) : Candidate.None(j);
    }

    /// <summary>ISO 13616 check: the number with its first four characters moved to the end, letters as 10–35, mod 97.</summary>
    private static int Mod97(ReadOnlySpan<char> iban)
    {
        var remainder = 0;
        for (var k = 0; k < iban.Length; k++)
        {
            var c = iban[(k + 4) % iban.Length];
            remainder = char.IsAsciiDigit(c)
                ? (remainder * 10 + (c - '0')) % 97
                : (remainder * 100 + (c - 'A' + 10)) % 97;
        }

        return remainder;
    }
}
