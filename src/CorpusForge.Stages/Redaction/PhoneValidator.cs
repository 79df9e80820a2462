using System.Text;
using System.Text.RegularExpressions;
using PhoneNumbers;

namespace CorpusForge.Stages.Redaction;

/// <summary>Checks national-format phone numbers against Google's libphonenumber metadata (libphonenumber-csharp,
/// Apache-2.0), the per-country numbering plans a hand-written grammar keeps getting wrong.</summary>
/// <remarks>A number written without a country code could belong to any country, so it is tried in the regions
/// whose plans are most common in web text; it counts when one of them calls it a valid number. The decision is the
/// library's (<c>IsValidNumberForRegion</c>: the general pattern of the region matches and so does the pattern of
/// one number type, each within its possible lengths), but it is evaluated here on one compiled regular expression
/// per region built from the same metadata: the library runs up to eleven interpreted expressions per region, which
/// was a quarter of the PII scanner's time on dense text. A test checks that both agree.</remarks>
internal static class PhoneValidator
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    // Largest web populations first; the order does not change the answer, only how soon a valid one is found.
    private static readonly string[] Regions =
    [
        "US", "GB", "DE", "FR", "ES", "IT", "NL", "BE", "CH", "AT", "SE", "NO", "DK", "FI", "PL", "CZ", "PT", "IE",
        "CN", "IN", "JP", "KR", "BR", "MX", "AR", "AU", "NZ", "ZA", "RU", "UA", "TR", "ID", "PH", "SG", "HK", "TW",
    ];

    /// <summary>The regions tried, in order.</summary>
    internal static IReadOnlyList<string> TriedRegions => Regions;

    private sealed class Plan(string region, string nationalPrefix, ulong lengths, ulong localLengths, PhoneMetadata metadata)
    {
        private Regex? _valid;

        public string Region { get; } = region;
        public string NationalPrefix { get; } = nationalPrefix;
        public ulong Lengths { get; } = lengths;
        public ulong LocalLengths { get; } = localLengths;

        // Built on first use: the regions a text never needs cost nothing.
        public Regex Valid => _valid ??= BuildValid(metadata);
    }

    // Per region: trunk prefix and the possible lengths of the national significant number, read once from the
    // metadata, so that most regions are ruled out by length before any pattern runs.
    private static readonly Plan[] Plans = Regions.Select(region =>
    {
        var metadata = Util.GetMetadataForRegion(region);
        return new Plan(region, metadata.NationalPrefix ?? "", LengthMask(metadata.GeneralDesc.PossibleLengthList),
            LengthMask(metadata.GeneralDesc.PossibleLengthLocalOnlyList), metadata);
    }).ToArray();

    private static ulong LengthMask(IEnumerable<int> lengths)
    {
        ulong mask = 0;
        foreach (var n in lengths)
            if (n is >= 0 and < 64) mask |= 1UL << n;
        return mask;
    }

    // ^(?=general$)(?: (?=one of type 1's lengths$)type1 | ... )$ — the general pattern, then any number type whose
    // own possible lengths (when it lists any) include the number's length, as the library's type check does.
    private static Regex BuildValid(PhoneMetadata metadata)
    {
        var types = new[]
        {
            metadata.PremiumRate, metadata.TollFree, metadata.SharedCost, metadata.Voip, metadata.PersonalNumber,
            metadata.Pager, metadata.Uan, metadata.Voicemail, metadata.FixedLine, metadata.Mobile,
        };
        static string Lengths(IList<int> lengths) =>
            lengths.Count == 0 ? "" : "(?=" + string.Join("|", lengths.Where(n => n > 0).Select(n => $"[0-9]{{{n}}}$")) + ")";

        var alternatives = new List<string>();
        foreach (var type in types)
        {
            if (type is null || string.IsNullOrEmpty(type.NationalNumberPattern)) continue;
            var lengths = type.PossibleLengthList.ToList();
            if (lengths.Count > 0 && lengths.All(n => n < 0)) continue;
            alternatives.Add($"{Lengths(lengths)}(?:{type.NationalNumberPattern})");
        }

        var general = metadata.GeneralDesc;
        var pattern = new StringBuilder("^").Append(Lengths(general.PossibleLengthList.ToList()))
            .Append("(?=(?:").Append(general.NationalNumberPattern).Append(")$)");
        pattern.Append(alternatives.Count == 0 ? "(?!)" : "(?:" + string.Join("|", alternatives) + ")").Append('$');
        return new Regex(pattern.ToString(), RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    /// <summary>True when <paramref name="candidate"/> (digits with spaces or dashes) is a valid number of one of the
    /// common regions; with a phone keyword nearby, a local number without its area code (a length the region
    /// dials only locally) counts too.</summary>
    public static bool IsNationalNumber(ReadOnlySpan<char> candidate, bool keyword)
    {
        Span<char> digits = stackalloc char[24];
        var n = 0;
        foreach (var c in candidate)
        {
            if (!char.IsAsciiDigit(c)) continue;
            if (n == digits.Length) return false;
            digits[n++] = c;
        }

        var all = digits[..n];
        foreach (var plan in Plans)
        {
            var national = plan.NationalPrefix.Length > 0 && all.StartsWith(plan.NationalPrefix) ? all[plan.NationalPrefix.Length..] : all;
            if (national.Length is 0 or > 17) continue;
            var bit = 1UL << national.Length;
            if ((plan.Lengths & bit) != 0)
            {
                // The national significant number keeps its leading zeros (the library counts them in, as for
                // Italian and Norwegian numbers).
                if (plan.Valid.IsMatch(national)) return true;
            }
            else if (keyword && (plan.LocalLengths & bit) != 0 && national[0] != '0')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The same decision made by the library itself (<c>IsValidNumberForRegion</c> per region): the
    /// reference that tests compare <see cref="IsNationalNumber"/> with.</summary>
    internal static bool IsNationalNumberByLibrary(ReadOnlySpan<char> candidate, bool keyword)
    {
        var all = new string(candidate.ToArray().Where(char.IsAsciiDigit).ToArray());
        if (all.Length > 24) return false;
        foreach (var plan in Plans)
        {
            var national = plan.NationalPrefix.Length > 0 && all.StartsWith(plan.NationalPrefix, StringComparison.Ordinal) ? all[plan.NationalPrefix.Length..] : all;
            if (national.Length is 0 or > 17) continue;
            var bit = 1UL << national.Length;
            if ((plan.Lengths & bit) != 0)
            {
                // Leading zeros are part of the national significant number: their count is set.
                var builder = new PhoneNumber.Builder().SetCountryCode(Util.GetCountryCodeForRegion(plan.Region)).SetNationalNumber(ulong.Parse(national));
                if (national[0] == '0')
                {
                    var zeros = 0;
                    while (zeros < national.Length - 1 && national[zeros] == '0') zeros++;
                    builder.SetNumberOfLeadingZeros(zeros);
                }

                var number = builder.Build();
                if (Util.IsValidNumberForRegion(number, plan.Region)) return true;
            }
            else if (keyword && (plan.LocalLengths & bit) != 0 && national[0] != '0')
            {
                return true;
            }
        }

        return false;
    }
}
