using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Redaction;
using Xunit.Abstractions;

namespace CorpusForge.Stages.Tests.Redaction;

public sealed class PiiRedactorTests(ITestOutputHelper output)
{
    private static Document Doc(string text) => new() { Id = "d", Text = text };

    private static List<(PiiKind Kind, string Value)> Find(string text, PiiScannerSettings? settings = null) =>
        new PiiScanner(settings ?? new PiiScannerSettings()).Scan(text).Select(m => (m.Kind, text.Substring(m.Start, m.Length))).ToList();

    // labelled.jsonl was used while developing the scanner; heldout.jsonl was written afterwards and not tuned on,
    // so its floors are lower and its figures are the honest estimate (see docs/filters-safety.md).
    [Theory]
    [InlineData("pii/labelled.jsonl", 0.9, 0.85, 0.95, 4)]
    [InlineData("pii/heldout.jsonl", 0.75, 0.6, 0.85, 2)]
    public void Labelled_sets_meet_precision_and_recall_floors_per_type(string file, double minPrecision, double minRecall, double minOverall, int minExamples)
    {
        var scanner = new PiiScanner(new PiiScannerSettings());
        var kinds = Enum.GetValues<PiiKind>();
        var tp = new int[kinds.Length];
        var fp = new int[kinds.Length];
        var fn = new int[kinds.Length];
        var errors = new List<string>();
        foreach (var line in File.ReadLines(SafetyTestData.PathOf(file)))
        {
            using var json = JsonDocument.Parse(line);
            var text = json.RootElement.GetProperty("text").GetString()!;
            var expected = json.RootElement.GetProperty("pii").EnumerateArray()
                .Select(e => (Kind: ParseKind(e.GetProperty("type").GetString()!), Value: e.GetProperty("value").GetString()!))
                .ToList();
            var found = scanner.Scan(text).Select(m => (m.Kind, Value: text.Substring(m.Start, m.Length))).ToList();
            foreach (var f in found)
            {
                if (expected.Remove(f)) tp[(int)f.Kind]++;
                else
                {
                    fp[(int)f.Kind]++;
                    errors.Add($"FP {f.Kind} '{f.Value}' in: {text}");
                }
            }

            foreach (var e in expected)
            {
                fn[(int)e.Kind]++;
                errors.Add($"FN {e.Kind} '{e.Value}' in: {text}");
            }
        }

        foreach (var e in errors) output.WriteLine(e);
        foreach (var k in kinds)
        {
            var i = (int)k;
            var precision = tp[i] + fp[i] == 0 ? 1 : (double)tp[i] / (tp[i] + fp[i]);
            var recall = tp[i] + fn[i] == 0 ? 1 : (double)tp[i] / (tp[i] + fn[i]);
            output.WriteLine($"{PiiRedactor.NameOf(k),-13} tp={tp[i],3} fp={fp[i],3} fn={fn[i],3} precision={precision:F3} recall={recall:F3}");
            Assert.True(tp[i] + fn[i] >= minExamples, $"{k}: the labelled set needs examples of every kind");
            Assert.True(precision >= minPrecision, $"{k}: precision {precision:F3} below {minPrecision}");
            Assert.True(recall >= minRecall, $"{k}: recall {recall:F3} below {minRecall}");
        }

        var totalP = (double)tp.Sum() / (tp.Sum() + fp.Sum());
        var totalR = (double)tp.Sum() / (tp.Sum() + fn.Sum());
        output.WriteLine($"overall precision={totalP:F3} recall={totalR:F3}");
        Assert.True(totalP >= minOverall && totalR >= minOverall, $"overall precision {totalP:F3} / recall {totalR:F3} below {minOverall}");
    }


    // Issue 13: numbers glued to field separators, the SSN, phone, card and IBAN forms that were missed, and the
    // look-alikes that must survive. Each row is a text and what must be found in it (kind=value, '|'-separated).
    [Theory]
    [InlineData("a,55.167.56.139,b", "ip_address=55.167.56.139")]
    [InlineData("src=35.194.133.172 dst=10.0.0.1", "ip_address=35.194.133.172")]
    [InlineData("x:55.167.56.139 and (55.167.56.139)", "ip_address=55.167.56.139|ip_address=55.167.56.139")]
    [InlineData("x,4804 4852 0745 1041,y", "payment_card=4804 4852 0745 1041")]
    [InlineData("x,259-65-1163,y", "ssn=259-65-1163")]
    [InlineData("x,(412) 456-1798,y", "phone=(412) 456-1798")]
    [InlineData("tel:+4840547029", "phone=+4840547029")]
    [InlineData("SSN 896 94 8103 on file", "ssn=896 94 8103")]
    [InlineData("name,ssn,city\nAnn,123456789,Oslo", "ssn=123456789")]
    [InlineData("{\"ssn\": \"123456789\"}", "ssn=123456789")]
    [InlineData("Handy: 0176 84831764", "phone=0176 84831764")]
    [InlineData("Beijing office 139 0536 9761.", "phone=139 0536 9761")]
    [InlineData("Call (412) 456-1798 x123 today", "phone=(412) 456-1798 x123")]
    [InlineData("Stockholm +46 (0)8 123 45 67", "phone=+46 (0)8 123 45 67")]
    [InlineData("Phone: 555-0134", "phone=555-0134")]
    [InlineData("For urgent matters dial +44 7700 900123 (24/7 line).", "phone=+44 7700 900123")]
    [InlineData("Call (412) 456-1798 (2 lines) or 0176 84831764 (3)", "phone=(412) 456-1798|phone=0176 84831764")]
    [InlineData("JCB 213100000000001 and Maestro 675900000000", "payment_card=213100000000001|payment_card=675900000000")]
    [InlineData("iban de89 3704 0044 0532 0130 00 ok", "iban=de89 3704 0044 0532 0130 00")]
    [InlineData("remote git@github.com:org/repo.git", "")]
    [InlineData("postgresql://app_user:TODO@db.internal:5432/app", "")]
    [InlineData("x = 238-438-1880 mod 7", "")]
    [InlineData("card 4804 4852 0745 1048 fails Luhn", "")]
    [InlineData("Totals 1,234,567 and 12:30:45 on 2024-01-15, order 2024-00017", "")]
    [InlineData("host,app_version,client_ip\nweb-01 in the main rack,1.24.0.2,8.8.8.8", "ip_address=8.8.8.8")]
    [InlineData("Ms. Patel's test card 675951876105", "")]
    public void Issue_13_forms_and_look_alikes(string text, string expected)
    {
        var want = expected.Length == 0 ? [] : expected.Split('|').Select(e => e.Split('=', 2)).Select(p => (Kind: ParseKind(p[0]), Value: p[1])).ToList();
        Assert.Equal(want, Find(text));
    }

    private static PiiKind ParseKind(string name) =>
        Enum.GetValues<PiiKind>().Single(k => PiiRedactor.NameOf(k) == name);

    [Fact]
    public void Replaces_with_typed_placeholders_and_counts_by_type()
    {
        var stage = new PiiRedactor(new PiiRedactorOptions());
        var doc = Doc("Mail a@b.com or c.d@e.org, call 415-555-2671, card 4111 1111 1111 1111.");
        Assert.Equal(StageOutcome.Keep, stage.Process(doc).Outcome);
        Assert.Equal("Mail <EMAIL> or <EMAIL>, call <PHONE>, card <CARD>.", doc.Text);
        Assert.Equal(4L, doc.Attributes["pii.total"]);
        Assert.Equal(2L, doc.Attributes["pii.email"]);
        Assert.Equal(1L, doc.Attributes["pii.phone"]);
        Assert.Equal(1L, doc.Attributes["pii.payment_card"]);
        Assert.False(doc.Attributes.ContainsKey("pii.ssn"));
    }

    [Fact]
    public void Pseudonyms_are_consistent_within_a_document()
    {
        var stage = new PiiRedactor(new PiiRedactorOptions { Replacement = PiiReplacement.Pseudonym });
        var doc = Doc("From a@b.com to X@Y.com, cc A@B.com; call 415-555-2671 or 415 555 2671.");
        stage.Process(doc);
        Assert.Equal("From <EMAIL_1> to <EMAIL_2>, cc <EMAIL_1>; call <PHONE_1> or <PHONE_1>.", doc.Text);
    }

    [Fact]
    public void Drops_above_the_threshold_and_keeps_at_it()
    {
        var stage = new PiiRedactor(new PiiRedactorOptions { MaxPii = 2 });
        var two = Doc("a@b.com and c@d.com");
        Assert.Equal(StageOutcome.Keep, stage.Process(two).Outcome);
        var three = Doc("a@b.com and c@d.com and e@f.com");
        var result = stage.Process(three);
        Assert.Equal(StageOutcome.Drop, result.Outcome);
        Assert.Equal("too_much_pii", result.Reason);
        Assert.Equal(3L, three.Attributes["pii.total"]);
    }

    [Fact]
    public void Private_and_documentation_ranges_are_options()
    {
        const string text = "hosts 10.1.2.3, 192.0.2.9, fd00::1 and 2001:db8::5";
        Assert.Empty(Find(text));
        Assert.Equal(["10.1.2.3", "fd00::1"], Find(text, new PiiScannerSettings { IncludePrivateIps = true }).Select(f => f.Value));
        Assert.Equal(["192.0.2.9", "2001:db8::5"], Find(text, new PiiScannerSettings { IncludeDocumentationIps = true }).Select(f => f.Value));
    }

    [Fact]
    public void Kinds_option_limits_what_is_redacted()
    {
        var stage = new PiiRedactor(new PiiRedactorOptions { Kinds = [PiiKind.Email] });
        var doc = Doc("a@b.com 415-555-2671");
        stage.Process(doc);
        Assert.Equal("<EMAIL> 415-555-2671", doc.Text);
    }

    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("4111111111111112", false)]
    [InlineData("79927398713", true)]
    public void Luhn(string number, bool valid) => Assert.Equal(valid, PiiScanner.PassesLuhn(number));

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t  ")]
    [InlineData("😀😀🎉👍🏽")]
    [InlineData("שלום עולם, מספר 12345")]
    [InlineData("مرحبا بالعالم ١٢٣٤٥٦٧٨٩٠")]
    [InlineData("Mixed 日本語 text with Кириллица and عربى")]
    public void Bad_input_has_no_pii(string text)
    {
        var stage = new PiiRedactor(new PiiRedactorOptions());
        var doc = Doc(text);
        Assert.Equal(StageOutcome.Keep, stage.Process(doc).Outcome);
        Assert.Equal(text, doc.Text);
        Assert.Equal(0L, doc.Attributes["pii.total"]);
    }

    [Fact]
    public void Five_megabyte_words_are_scanned_linearly()
    {
        var stage = new PiiRedactor(new PiiRedactorOptions());
        foreach (var text in new[]
                 {
                     new string('7', 5_000_000), new string('a', 5_000_000), string.Concat(Enumerable.Repeat("1.", 2_500_000)),
                     string.Concat(Enumerable.Repeat("a:", 2_500_000)), string.Concat(Enumerable.Repeat("a1", 2_500_000)),
                     // A CSV-like line without line breaks: column lookups must stay bounded.
                     "ip,ver,x\n" + string.Concat(Enumerable.Repeat("a,10.1.2.3,b,", 400_000)),
                 })
        {
            var doc = Doc(text);
            stage.Process(doc);
            Assert.Equal(0L, doc.Attributes["pii.total"]);
        }
    }

    // The validator evaluates libphonenumber's metadata on its own compiled expressions for speed; it must decide
    // exactly as the library's IsValidNumberForRegion does, on valid numbers of every tried region (the library's
    // example numbers, national format with and without the trunk prefix) and on random digit strings.
    [Fact]
    public void Phone_validator_agrees_with_libphonenumber()
    {
        var util = PhoneNumbers.PhoneNumberUtil.GetInstance();
        var candidates = new List<string>();
        foreach (var region in PhoneValidator.TriedRegions)
            foreach (var type in Enum.GetValues<PhoneNumbers.PhoneNumberType>())
                if (util.GetExampleNumberForType(region, type) is { } example)
                {
                    candidates.Add(util.Format(example, PhoneNumbers.PhoneNumberFormat.NATIONAL));
                    candidates.Add(util.GetNationalSignificantNumber(example));
                }

        var random = new Random(7);
        for (var i = 0; i < 4000; i++)
        {
            var length = random.Next(5, 17);
            var digits = new char[length];
            for (var d = 0; d < length; d++) digits[d] = (char)('0' + random.Next(10));
            if (i % 3 == 0) digits[0] = '0';
            candidates.Add(new string(digits));
        }

        var valid = 0;
        foreach (var candidate in candidates)
            foreach (var keyword in new[] { false, true })
            {
                var expected = PhoneValidator.IsNationalNumberByLibrary(candidate, keyword);
                Assert.True(expected == PhoneValidator.IsNationalNumber(candidate, keyword), $"{candidate} (keyword {keyword}): library says {expected}");
                if (expected && !keyword) valid++;
            }

        // Both outcomes occur often, so agreement is not agreement on "false" only.
        Assert.InRange(valid, 500, candidates.Count - 500);
    }
}
