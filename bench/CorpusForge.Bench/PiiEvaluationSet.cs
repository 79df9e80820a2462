using System.Globalization;
using System.Text;

namespace CorpusForge.Bench;

/// <summary>A labelled span of an evaluation document: PII or a secret (<see cref="Kind"/> names which), or a
/// look-alike that must survive (<see cref="Kind"/> = <c>lookalike:</c> + what it is).</summary>
public readonly record struct LabelledSpan(string Kind, int Start, int Length)
{
    /// <summary>True for a look-alike that must not be touched.</summary>
    public bool IsLookAlike => Kind.StartsWith("lookalike:", StringComparison.Ordinal);
}

/// <summary>One generated document with its labels.</summary>
public sealed record LabelledDocument(string Format, string Text, IReadOnlyList<LabelledSpan> Spans);

/// <summary>Generates realistic documents (CSV exports, server logs, JSON and YAML configs, source code, chat, prose)
/// with labelled PII and secrets and many look-alikes that must survive.</summary>
/// <remarks>
/// The <c>dev</c> variant is what the scanner was tuned on. The <c>heldout</c> variant uses another seed and other
/// templates: other column and key names, other countries' phone layouts, other log and config shapes and other
/// sentence frames, so that its figures estimate behaviour on text nobody tuned for. Number formats follow the
/// published plans: NANP (area and exchange codes 2–9xx), the national formats the ITU-T E.164 national plans list
/// (German 015x–017x mobiles and area codes, UK 07xxx and 020, French 01–07, Chinese 13x–19x mobiles, ...), issuer
/// prefixes and lengths from ISO/IEC 7812 registrations, the SWIFT IBAN registry's country lengths, and SSA rules
/// for SSNs. Values are random, so none is a real person's.
/// </remarks>
public sealed class PiiEvaluationSet
{
    private readonly Random _r;
    private readonly bool _heldOut;
    private StringBuilder _b = new();
    private List<LabelledSpan> _spans = [];

    private PiiEvaluationSet(int seed, bool heldOut)
    {
        _r = new Random(seed);
        _heldOut = heldOut;
    }

    /// <summary>The dev (tuned-on) or held-out documents.</summary>
    public static List<LabelledDocument> Generate(bool heldOut, int documents)
    {
        var g = new PiiEvaluationSet(heldOut ? 90210 : 1234, heldOut);
        var result = new List<LabelledDocument>(documents);
        string[] formats = ["csv", "log", "json", "yaml", "code", "chat", "prose"];
        for (var d = 0; d < documents; d++)
        {
            var format = formats[d % formats.Length];
            g._b = new StringBuilder();
            g._spans = [];
            switch (format)
            {
                case "csv": g.Csv(); break;
                case "log": g.Log(); break;
                case "json": g.Json(); break;
                case "yaml": g.Yaml(); break;
                case "code": g.Code(); break;
                case "chat": g.Chat(); break;
                default: g.Prose(); break;
            }

            result.Add(new LabelledDocument(format, g._b.ToString(), g._spans));
        }

        return result;
    }

    // ---- writing -----------------------------------------------------------------------------------------------

    private void T(string text) => _b.Append(text);

    private void L(string kind, string value)
    {
        _spans.Add(new LabelledSpan(kind, _b.Length, value.Length));
        _b.Append(value);
    }

    private void Look(string what, string value) => L("lookalike:" + what, value);

    private T Pick<T>(IReadOnlyList<T> items) => items[_r.Next(items.Count)];
    private int N(int from, int toExclusive) => _r.Next(from, toExclusive);
    private string D(int count)
    {
        var c = new char[count];
        for (var k = 0; k < count; k++) c[k] = (char)('0' + _r.Next(10));
        return new string(c);
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    // ---- values ------------------------------------------------------------------------------------------------

    private static readonly string[] First = ["james", "maria", "wei", "fatima", "lukas", "sofia", "arjun", "chloe", "mateo", "yuki", "olga", "kwame", "emma", "noah", "lea", "ines"];
    private static readonly string[] Last = ["smith", "garcia", "zhang", "khan", "muller", "rossi", "patel", "martin", "silva", "tanaka", "ivanova", "mensah", "brown", "dubois", "jansen", "novak"];
    private static readonly string[] MailDomains = ["gmail.com", "outlook.com", "yahoo.co.uk", "web.de", "orange.fr", "acme-corp.com", "mail.example.org", "uni-heidelberg.de", "company.io", "proton.me", "qq.com", "hotmail.es"];

    private string Name() => Pick(First) + " " + Pick(Last);

    private string Email()
    {
        var f = Pick(First);
        var l = Pick(Last);
        var local = N(0, 5) switch
        {
            0 => $"{f}.{l}",
            1 => $"{f[0]}{l}{N(1, 99)}",
            2 => $"{f}_{l}",
            3 => $"{f}+{Pick(new[] { "news", "shop", "work" })}",
            _ => $"{char.ToUpperInvariant(f[0])}{f[1..]}.{char.ToUpperInvariant(l[0])}{l[1..]}",
        };
        return local + "@" + Pick(MailDomains);
    }

    private string NanpCore() => $"{N(2, 10)}{D(2)}|{N(2, 10)}{D(2)}|{D(4)}";

    private string Phone()
    {
        var nanp = NanpCore().Split('|');
        var (a, e, s) = (nanp[0], nanp[1], nanp[2]);
        if (!_heldOut)
        {
            return N(0, 20) switch
            {
                0 => $"({a}) {e}-{s}",
                1 => $"{a}-{e}-{s}",
                2 => $"{a}.{e}.{s}",
                3 => $"+1 {a} {e} {s}",
                4 => $"1-{a}-{e}-{s}",
                5 => $"0176 {N(1000, 9999)}{D(4)}",
                6 => $"+49 176 {N(1000, 9999)}{D(4)}",
                7 => $"089{N(100, 999)} {D(5)}",
                8 => $"020 7{D(3)} {D(4)}",
                9 => $"+44 (0)20 7{D(3)} {D(4)}",
                10 => $"07{N(400, 999)} {D(6)}",
                11 => $"0{N(1, 6)} {D(2)} {D(2)} {D(2)} {D(2)}",
                12 => $"+33 6 {D(2)} {D(2)} {D(2)} {D(2)}",
                13 => $"1{Pick(new[] { "39", "38", "58", "86", "37" })} {D(4)} {D(4)}",
                14 => $"+86 13{N(0, 10)} {D(4)} {D(4)}",
                15 => $"+46 (0)8 {N(100, 999)} {D(2)} {D(2)}",
                16 => $"({a}) {e}-{s} x{N(10, 9999)}",
                17 => $"+91 9{D(4)} {D(5)}",
                18 => $"+4{N(1, 9)}{N(1, 10)}{D(8)}",
                _ => $"{a}-{e}-{s} ext. {N(10, 999)}",
            };
        }

        return N(0, 20) switch
        {
            0 => $"{a} {e} {s}",
            1 => $"+1 ({a}) {e}-{s}",
            2 => $"+1-{a}-{e}-{s}",
            3 => $"({a}){e}-{s}",
            4 => $"015{N(1, 8)} {D(7)}",
            5 => $"030 {D(8)}",
            6 => $"+49 (0)30 {D(8)}",
            7 => $"+44 7{N(400, 999)} {D(6)}",
            8 => $"0161 {N(200, 999)} {D(4)}",
            9 => $"+39 06 {D(4)} {D(4)}",
            10 => $"06 {D(4)} {D(4)}",
            11 => $"+34 6{D(2)} {D(3)} {D(3)}",
            12 => $"9{N(1, 9)}{D(1)} {D(3)} {D(3)}",
            13 => $"+81 3-{D(4)}-{D(4)}",
            14 => $"03-{D(4)}-{D(4)}",
            15 => $"(02) 9{D(3)} {D(4)}",
            16 => $"04{N(10, 99)} {D(3)} {D(3)}",
            17 => $"+55 11 9{D(4)}-{D(4)}",
            18 => $"{a}-{e}-{s}x{N(10, 999)}",
            _ => $"+31 6 {D(8)}",
        };
    }

    private static readonly (string Prefix, int Length)[] DevIssuers =
        [("4", 16), ("51", 16), ("55", 16), ("2221", 16), ("34", 15), ("37", 15), ("6011", 16), ("3530", 16), ("36", 14), ("4", 13), ("62", 19), ("6759", 12), ("2131", 15)];
    private static readonly (string Prefix, int Length)[] HeldOutIssuers =
        [("4", 16), ("53", 16), ("2720", 16), ("37", 15), ("65", 16), ("3589", 16), ("1800", 15), ("5018", 12), ("6304", 16), ("2200", 16), ("4", 19), ("38", 14), ("81", 16)];

    private string CardDigits(bool valid)
    {
        var (prefix, length) = Pick(_heldOut ? HeldOutIssuers : DevIssuers);
        var body = prefix + D(length - prefix.Length - 1);
        var check = LuhnDigit(body);
        if (!valid) check = (check + N(1, 10)) % 10;
        return body + (char)('0' + check);
    }

    private static int LuhnDigit(string body)
    {
        var sum = 0;
        var dbl = true;
        for (var k = body.Length - 1; k >= 0; k--)
        {
            var d = body[k] - '0';
            if (dbl)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }

            sum += d;
            dbl = !dbl;
        }

        return (10 - sum % 10) % 10;
    }

    private string Card(bool valid)
    {
        var n = CardDigits(valid);
        var style = N(0, 3);
        if (style == 0) return n;
        var sep = style == 1 ? " " : "-";
        if (n.Length == 15 && n[0] == '3') return n[..4] + sep + n[4..10] + sep + n[10..];
        var parts = new List<string>();
        for (var k = 0; k < n.Length; k += 4) parts.Add(n.Substring(k, Math.Min(4, n.Length - k)));
        return string.Join(sep, parts);
    }

    private string Ssn(string style)
    {
        string area;
        do area = I(N(1, 900)).PadLeft(3, '0'); while (area == "666");
        var group = I(N(1, 100)).PadLeft(2, '0');
        var serial = I(N(1, 10000)).PadLeft(4, '0');
        return style switch
        {
            "space" => $"{area} {group} {serial}",
            "bare" => area + group + serial,
            _ => $"{area}-{group}-{serial}",
        };
    }

    private string InvalidSsn() => $"{Pick(new[] { "000", "666", "9" + D(2) })}-{D(2)}-{D(4)}";

    private string Iban(bool valid)
    {
        var (country, bban) = N(0, 6) switch
        {
            0 => ("DE", D(18)),
            1 => ("GB", Pick(new[] { "NWBK", "BARC", "HBUK", "MIDL" }) + D(14)),
            2 => ("FR", D(23)),
            3 => ("NL", Pick(new[] { "ABNA", "INGB", "RABO" }) + D(10)),
            4 => ("ES", D(20)),
            _ => ("IT", "X" + D(22)),
        };
        var check = 98 - Mod97(bban + country + "00");
        if (!valid) check = check % 97 + 1 == check ? check + 1 : check % 97 + 1;
        var iban = country + I(check).PadLeft(2, '0') + bban;
        var style = N(0, 4);
        if (style >= 2)
        {
            var parts = new List<string>();
            for (var k = 0; k < iban.Length; k += 4) parts.Add(iban.Substring(k, Math.Min(4, iban.Length - k)));
            iban = string.Join(' ', parts);
        }

        return style is 1 or 3 && _heldOut || style == 1 && N(0, 2) == 0 ? iban.ToLowerInvariant() : iban;
    }

    private static int Mod97(string s)
    {
        var r = 0;
        foreach (var c in s) r = char.IsDigit(c) ? (r * 10 + (c - '0')) % 97 : (r * 100 + (c - 'A' + 10)) % 97;
        return r;
    }

    private string PublicIp()
    {
        while (true)
        {
            var a = N(1, 224);
            if (a is 10 or 127 or 100 or 169 or 172 or 192 or 198 or 203) continue;
            return $"{a}.{N(0, 256)}.{N(0, 256)}.{N(1, 255)}";
        }
    }

    private string PublicIpv6() => Pick(new[] { "2a00:1450", "2607:f8b0", "2a03:2880", "2001:4860", "2600:1f18" }) +
                                   $":{N(0, 0xffff):x}:{N(0, 0xffff):x}::{N(1, 0xffff):x}";

    private string PrivateIp() => N(0, 4) switch
    {
        0 => $"10.{N(0, 256)}.{N(0, 256)}.{N(1, 255)}",
        1 => $"192.168.{N(0, 256)}.{N(1, 255)}",
        2 => $"172.{N(16, 32)}.{N(0, 256)}.{N(1, 255)}",
        _ => $"127.0.0.{N(1, 255)}",
    };

    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private string Rand(int length, string alphabet = Alnum)
    {
        var c = new char[length];
        for (var k = 0; k < length; k++) c[k] = alphabet[_r.Next(alphabet.Length)];
        return new string(c);
    }

    private string Password() => N(0, 4) switch
    {
        0 => Rand(12, Alnum + "!#$^&*-_") + N(0, 9),
        1 => "%" + Rand(14, Alnum + "!#^&*"),
        2 => Rand(4) + "-" + Rand(4) + "-" + Rand(4) + D(2),
        _ => Rand(20, Alnum + "@!_"),
    };

    private string TokenSecret() => N(0, 7) switch
    {
        0 => "AKIA" + Rand(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
        1 => "ghp_" + Rand(36),
        2 => "xoxb-" + D(12) + "-" + D(12) + "-" + Rand(24),
        3 => "sk_live_" + Rand(28),
        4 => "AIza" + Rand(35, Alnum + "_-"),
        5 => "glpat-" + Rand(20, Alnum + "_-"),
        _ => Rand(40, "0123456789abcdef"),
    };

    private string Version() => N(0, 6) switch
    {
        0 => $"{N(1, 12)}.{N(0, 20)}.{N(0, 30)}",
        1 => $"{N(1, 5)}.{N(0, 10)}.{N(0, 10)}.{N(0, 200)}",
        2 => $"10.0.{N(17000, 22700)}.{N(1, 4000)}",
        3 => $"{N(100, 130)}.0.{N(5000, 6500)}.{N(10, 200)}",
        4 => $"{N(1, 4)}.{N(0, 30)}.{N(0, 10)}-rc{N(1, 5)}",
        _ => $"{N(2019, 2026)}.{N(1, 13)}.{N(0, 9)}",
    };

    private string Date() => $"{N(2019, 2026)}-{N(1, 13):00}-{N(1, 29):00}";
    private string Time() => $"{N(0, 24):00}:{N(0, 60):00}:{N(0, 60):00}";
    private string Timestamp() => N(0, 4) switch
    {
        0 => $"{Date()}T{Time()}Z",
        1 => $"{Date()} {Time()},{D(3)}",
        2 => I(N(1_600_000_000, 1_800_000_000)),
        _ => I(N(1_600_000_000, 1_800_000_000)) + D(3),
    };

    private string OrderNumber() => N(0, 6) switch
    {
        0 => $"#{D(N(6, 12))}",
        1 => $"ORD-{N(2019, 2026)}-{D(6)}",
        2 => $"INV-{Date().Replace("-", "")}-{D(4)}",
        3 => $"1Z{Rand(6, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}{D(10)}",
        4 => $"{D(3)}-{D(7)}-{D(7)}",
        _ => $"SO{D(8)}",
    };

    private string Price() => N(0, 3) switch
    {
        0 => $"${N(1, 9999):N0}.{D(2)}".Replace('\u00a0', ','),
        1 => $"{N(1, 999)},{D(2)} €",
        _ => $"USD {N(100, 99999)}.{D(2)}",
    };

    // ---- formats -----------------------------------------------------------------------------------------------

    private void Csv()
    {
        var delimiter = _heldOut ? Pick(new[] { ";", "\t", "|" }) : Pick(new[] { ",", ",", ";" });
        string[] columns = _heldOut
            ? ["customer_no", "full_name", "e_mail", "mobile", "social_security_number", "payment_card", "iban", "last_login_ip", "signup", "order_ref", "total", "app_version"]
            : ["id", "name", "email", "phone", "ssn", "card_number", "iban", "ip", "created_at", "order_id", "amount", "version"];
        T(string.Join(delimiter, columns) + "\n");
        var rows = N(5, 14);
        for (var row = 0; row < rows; row++)
        {
            T(I(N(10000, 99999999)) + delimiter);
            T(Name() + delimiter);
            L("email", Email());
            T(delimiter);
            L("phone", Phone());
            T(delimiter);
            var ssnStyle = Pick(new[] { "dash", "bare", "bare", "space" });
            if (N(0, 8) == 0) Look("invalid_ssn", InvalidSsn());
            else L("ssn", Ssn(ssnStyle));
            T(delimiter);
            if (N(0, 3) == 0) Look("luhn_invalid_card", Card(false));
            else L("payment_card", Card(true));
            T(delimiter);
            if (N(0, 6) == 0) Look("bad_iban", Iban(false));
            else L("iban", Iban(true));
            T(delimiter);
            if (N(0, 3) == 0) Look("private_ip", PrivateIp());
            else L("ip_address", PublicIp());
            T(delimiter);
            var timestamp = Timestamp();
            if (timestamp.Contains(delimiter, StringComparison.Ordinal)) timestamp = "\"" + timestamp + "\"";
            Look("timestamp", timestamp);
            T(delimiter);
            Look("order_number", OrderNumber());
            T(delimiter);
            var price = Price();
            if (price.Contains(delimiter, StringComparison.Ordinal)) price = "\"" + price + "\"";
            Look("price", price);
            T(delimiter);
            Look("version", Version());
            T("\n");
        }
    }

    private static readonly string[] Paths = ["/api/v1/orders", "/login", "/static/app.js", "/products/4711", "/search?q=shoes", "/cart/checkout"];

    private void Log()
    {
        var lines = N(8, 20);
        for (var k = 0; k < lines; k++)
        {
            switch (N(0, _heldOut ? 6 : 5))
            {
                case 0:
                    if (N(0, 3) == 0) Look("private_ip", PrivateIp());
                    else L("ip_address", PublicIp());
                    T($" - - [{N(1, 29):00}/Jan/2024:{Time()} +0000] \"GET {Pick(Paths)} HTTP/1.1\" {Pick(new[] { 200, 304, 404, 500 })} {N(100, 90000)} \"-\" \"Mozilla/5.0 (X11; Linux x86_64) Chrome/");
                    Look("version", $"{N(100, 130)}.0.{N(5000, 6500)}.{N(10, 200)}");
                    T("\"\n");
                    break;
                case 1:
                    Look("timestamp", $"{Date()} {Time()},{D(3)}");
                    T(" INFO auth: login ok user=");
                    L("email", Email());
                    T(" src=");
                    L("ip_address", PublicIp());
                    T(" session=");
                    Look("hex_id", Rand(32, "0123456789abcdef"));
                    T("\n");
                    break;
                case 2:
                    Look("timestamp", $"{Date()}T{Time()}Z");
                    T(" WARN payment declined card=");
                    L("payment_card", CardDigits(true));
                    T(" order=");
                    Look("order_number", OrderNumber());
                    T(" amount=");
                    Look("price", $"{N(1, 999)}.{D(2)}");
                    T("\n");
                    break;
                case 3:
                    T("[");
                    Look("timestamp", Timestamp());
                    T("] sshd: Accepted publickey for deploy from ");
                    L("ip_address", N(0, 4) == 0 ? PublicIpv6() : PublicIp());
                    T(" port ");
                    T(I(N(1024, 65535)));
                    T(" ssh2\n");
                    break;
                case 4:
                    Look("timestamp", Timestamp());
                    T(" DEBUG sms sent to=");
                    L("phone", "+" + Pick(new[] { "44", "49", "33", "1", "46", "34" }) + D(N(9, 11)));
                    T(" via upstream ");
                    Look("private_ip", PrivateIp());
                    T(":" + N(1024, 9999) + " latency_ms=" + N(1, 900) + "\n");
                    break;
                default:
                    T("level=info ts=");
                    Look("timestamp", Timestamp());
                    T(" msg=\"job finished\" job_id=");
                    Look("order_number", D(12));
                    T(" client_ip=");
                    L("ip_address", PublicIp());
                    T(" build=");
                    Look("version", Version());
                    T("\n");
                    break;
            }
        }
    }

    private void Json()
    {
        var (emailKey, phoneKey, ssnKey, cardKey, ipKey) = _heldOut
            ? ("contactEmail", "telephone", "socialSecurityNo", "pan", "remoteAddr")
            : ("email", "phone", "ssn", "card", "ip");
        T("{\n  \"user\": {\n    \"name\": \"" + Name() + "\",\n    \"" + emailKey + "\": \"");
        L("email", Email());
        T("\",\n    \"" + phoneKey + "\": \"");
        L("phone", Phone());
        T("\",\n    \"" + ssnKey + "\": \"");
        L("ssn", Ssn(Pick(new[] { "dash", "bare" })));
        T("\",\n    \"" + cardKey + "\": \"");
        L("payment_card", Card(true));
        T("\",\n    \"customer_id\": ");
        Look("order_number", D(9));
        T(",\n    \"" + ipKey + "\": \"");
        L("ip_address", PublicIp());
        T("\"\n  },\n  \"order\": {\"id\": \"");
        Look("order_number", OrderNumber());
        T("\", \"created\": \"");
        Look("timestamp", Timestamp());
        T("\", \"total\": ");
        Look("price", $"{N(1, 9999)}.{D(2)}");
        T(", \"card_masked\": \"");
        Look("luhn_invalid_card", Card(false));
        T("\"},\n  \"service\": {\"version\": \"");
        Look("version", Version());
        T("\", \"host\": \"");
        Look("private_ip", PrivateIp());
        T("\", \"repo\": \"");
        Look("git_ssh_url", $"git@github.com:{Pick(Last)}/{Pick(new[] { "api", "web", "infra" })}.git");
        T("\", \"db\": \"");
        if (N(0, 2) == 0)
        {
            T("postgresql://app_user:");
            L("password", Password());
            T("@db.internal:5432/app");
        }
        else
        {
            T("postgresql://app_user:");
            Look("env_reference", Pick(new[] { "${DB_PASSWORD}", "$DB_PASS", "TODO", "%DB_PASSWORD%" }));
            T("@db.internal:5432/app");
        }

        T("\", \"" + (_heldOut ? "apiToken" : "api_key") + "\": \"");
        L("secret", TokenSecret());
        T("\"\n}\n");
    }

    private void Yaml()
    {
        T("# generated " + Date() + "\nservice:\n  name: billing\n  version: ");
        Look("version", Version());
        T("\n  listen: ");
        Look("private_ip", PrivateIp());
        T(":8080\ndatabase:\n  url: ");
        var scheme = Pick(new[] { "postgres", "mysql", "mongodb", "redis", "amqp" });
        T(scheme + "://" + Pick(Last) + ":");
        L("password", Password());
        T("@" + Pick(new[] { "db.prod.example.com", "10.0.3.7", "cache.internal" }) + ":" + N(1000, 9999) + "/main\n");
        T(_heldOut ? "  db_password: " : "  password: ");
        if (N(0, 2) == 0) L("password", Password());
        else Look("env_reference", Pick(new[] { "${DB_PASSWORD}", "process.env.DB_PASSWORD", "{{ vault.db_password }}", "%(db_password)s", "<set-me>" }));
        T("\nsmtp:\n  from: ");
        L("email", Email());
        T("\n  support_phone: \"");
        L("phone", Phone());
        T("\"\npayments:\n  " + (_heldOut ? "secret_token" : "stripe_key") + ": ");
        L("secret", TokenSecret());
        T("\n  payout_iban: ");
        L("iban", Iban(true));
        T("\n  test_iban: ");
        Look("bad_iban", Iban(false));
        T("\n  retry_after: ");
        Look("timestamp", Time());
        T("\nupstreams:\n  - ");
        L("ip_address", PublicIp());
        T("\n  - ");
        Look("private_ip", PrivateIp());
        T("\nrelease_date: ");
        Look("date", Date());
        T("\n");
    }

    private void Code()
    {
        if (_heldOut)
        {
            T("const express = require('express');\nconst db = {\n  host: '");
            Look("private_ip", PrivateIp());
            T("',\n  password: process.env.DB_PASSWORD,\n  user: 'svc',\n};\nconst stripe = require('stripe')('");
            L("secret", "sk_live_" + Rand(28));
            T("');\nconst apiKey = process.env.API_KEY || '");
            L("secret", Rand(32, "0123456789abcdef"));
            T("';\n// maintainer: ");
            L("email", Email());
            T("\n// see ");
            Look("git_ssh_url", $"git@gitlab.com:{Pick(Last)}/billing.git");
            T(" (v");
            Look("version", Version());
            T(")\nconst mongo = 'mongodb://admin:");
            L("password", Password());
            T("@cluster0.mongodb.net/shop';\nconst sum = ");
            Look("arithmetic", $"{N(200, 999)}-{N(200, 999)}-{N(1000, 9999)}");
            T(" mod 7;\nconst retries = 3; // ticket ");
            Look("order_number", OrderNumber());
            T("\n");
            return;
        }

        T("import os\nimport requests\n\n__version__ = \"");
        Look("version", Version());
        T("\"\nAPI_KEY = os.environ.get(\"API_KEY\", \"");
        L("secret", Rand(32, "0123456789abcdef"));
        T("\")\nDB_PASSWORD = os.environ[\"DB_PASSWORD\"]\nGITHUB_TOKEN = \"");
        L("secret", "ghp_" + Rand(36));
        T("\"\nADMIN_EMAIL = \"");
        L("email", Email());
        T("\"\nREDIS_URL = \"redis://default:");
        L("password", Password());
        T("@cache.example.com:6379/0\"\nTIMEOUT = 30  # seconds, since ");
        Look("date", Date());
        T("\nCHECKSUM = (");
        Look("arithmetic", $"{N(200, 999)}-{N(200, 999)}-{N(1000, 9999)}");
        T(" mod 7)\nREPO = \"");
        Look("git_ssh_url", $"git@github.com:{Pick(Last)}/{Pick(new[] { "api", "tools" })}.git");
        T("\"\nTEST_CARD = \"");
        Look("luhn_invalid_card", Card(false));
        T("\"  # must fail validation\nsecret = settings.SECRET_KEY\n");
    }

    private void Chat()
    {
        var lines = N(6, 14);
        for (var k = 0; k < lines; k++)
        {
            T("[" + $"{N(0, 24):00}:{N(0, 60):00}" + "] " + Pick(First) + ": ");
            switch (N(0, 10))
            {
                case 0: T(_heldOut ? "ping me on " : "my number is "); L("phone", Phone()); T(_heldOut ? " after six" : ", call me"); break;
                case 1: T("send it to "); L("email", Email()); T(" pls"); break;
                case 2: T(_heldOut ? "here's the card " : "card is "); L("payment_card", Card(true)); T(" exp " + N(1, 13) + "/" + N(25, 31)); break;
                case 3: T("order "); Look("order_number", OrderNumber()); T(" still not shipped, it's been since "); Look("date", Date()); break;
                case 4: T("server "); L("ip_address", PublicIp()); T(" is down again"); break;
                case 5: T("the vpn gives me "); Look("private_ip", PrivateIp()); T(" lol"); break;
                case 6: T("updated to "); Look("version", Version()); T(", still broken"); break;
                case 7: T("wire it to "); L("iban", Iban(true)); break;
                case 8: T(_heldOut ? "Phone: " : "tel: "); L("phone", _heldOut ? $"{N(200, 999)}-{D(4)}" : Phone()); break;
                default: T("meeting at "); Look("timestamp", $"{N(1, 12)}:{N(0, 60):00}"); T(", room "); Look("order_number", I(N(100, 999))); break;
            }

            T("\n");
        }
    }

    private static readonly string[] DevFrames =
    [
        "Please contact {0} if you have questions about the invoice.",
        "You can reach our office at {0} during business hours.",
        "The attack came from {0} and was blocked by the firewall.",
        "Her social security number, {0}, appeared in the leaked file.",
        "Pay with the card ending in the number {0} as agreed.",
        "Transfer the deposit to {0} before Friday.",
    ];

    private static readonly string[] HeldOutFrames =
    [
        "Questions? Drop a line to {0} and we will get back to you.",
        "For urgent matters dial {0} (24/7 hotline).",
        "Traffic spiked from address {0} shortly after midnight.",
        "The form asked for his SSN ({0}) which he refused to give.",
        "A charge on {0} was flagged as fraudulent.",
        "Rent goes to account {0} on the first of the month.",
    ];

    private void Prose()
    {
        var frames = _heldOut ? HeldOutFrames : DevFrames;
        var sentences = N(6, 12);
        for (var k = 0; k < sentences; k++)
        {
            var kind = N(0, 10);
            if (kind < 6)
            {
                var frame = frames[kind];
                var cut = frame.IndexOf("{0}", StringComparison.Ordinal);
                T(frame[..cut]);
                switch (kind)
                {
                    case 0: L("email", Email()); break;
                    case 1: L("phone", Phone()); break;
                    case 2: L("ip_address", PublicIp()); break;
                    case 3: L("ssn", Ssn(Pick(new[] { "dash", "space" }))); break;
                    case 4: L("payment_card", Card(true)); break;
                    default: L("iban", Iban(true)); break;
                }

                T(frame[(cut + 3)..]);
            }
            else
            {
                switch (kind)
                {
                    case 6: T("Version "); Look("version", Version()); T(" was released on "); Look("date", Date()); T(" with "); Look("price", Price()); T(" pricing."); break;
                    case 7: T("Your order "); Look("order_number", OrderNumber()); T(" shipped at "); Look("timestamp", Timestamp()); T("."); break;
                    case 8: T("The test number "); Look("luhn_invalid_card", Card(false)); T(" is rejected by the checkout, as is the ID "); Look("invalid_ssn", InvalidSsn()); T("."); break;
                    default: T("Population grew to "); Look("count", $"{N(1, 99)} {N(100, 999)} {N(100, 999)}"); T(" by "); Look("date", I(N(1990, 2025))); T("."); break;
                }
            }

            T(N(0, 4) == 0 ? "\n\n" : " ");
        }
    }
}
