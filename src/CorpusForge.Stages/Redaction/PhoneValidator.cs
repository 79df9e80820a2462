using PhoneNumbers;

namespace CorpusForge.Stages.Redaction;

/// <summary>Checks national-format phone numbers against Google's libphonenumber metadata (libphonenumber-csharp,
/// Apache-2.0), the per-country numbering plans a hand-written grammar keeps getting wrong.</summary>
/// <remarks>A number written without a country code could belong to any country, so it is tried in the regions
/// whose plans are most common in web text; it counts when one of them calls it a valid number. Only candidates
/// that already have a phone-like shape reach this class, so its cost (a parse per region) is paid rarely.</remarks>
internal static class PhoneValidator
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    // Largest web populations first; the order does not change the answer, only how soon a valid one is found.
    private static readonly string[] Regions =
    [
        "US", "GB", "DE", "FR", "ES", "IT", "NL", "BE", "CH", "AT", "SE", "NO", "DK", "FI", "PL", "CZ", "PT", "IE",
        "CN", "IN", "JP", "KR", "BR", "MX", "AR", "AU", "NZ", "ZA", "RU", "UA", "TR", "ID", "PH", "SG", "HK", "TW",
    ];

    private sealed record Plan(string Region, int CountryCode, string NationalPrefix, ulong Lengths, ulong LocalLengths);

    // Per region: country code, trunk prefix and the possible lengths of the national significant number, read once
    // from the metadata, so that most regions are ruled out by length before the library's patterns run.
    private static readonly Plan[] Plans = Regions.Select(region =>
    {
        var metadata = Util.GetMetadataForRegion(region);
        ulong lengths = 0, local = 0;
        foreach (var n in metadata.GeneralDesc.PossibleLengthList) lengths |= 1UL << n;
        foreach (var n in metadata.GeneralDesc.PossibleLengthLocalOnlyList) local |= 1UL << n;
        return new Plan(region, Util.GetCountryCodeForRegion(region), metadata.NationalPrefix ?? "", lengths, local);
    }).ToArray();

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
                var builder = new PhoneNumber.Builder().SetCountryCode(plan.CountryCode).SetNationalNumber(ulong.Parse(national));
                if (national[0] == '0')
                {
                    // Italian-style numbers keep their leading zeros in the national significant number.
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
