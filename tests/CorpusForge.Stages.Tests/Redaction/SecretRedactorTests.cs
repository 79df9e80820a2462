using CorpusForge.Core.Documents;
using CorpusForge.Stages.Redaction;
using CorpusForge.Stages.Tests.Support;

namespace CorpusForge.Stages.Tests.Redaction;

public class SecretRedactorTests
{
    // Every fake secret planted in samples/code/tinyrepo, with the type it must be counted as.
    private static readonly (string File, string Secret, string Type)[] Planted =
    [
        ("src/app.py", "AKIAZ3FAKEKEY0000TST", "aws_access_key"),
        ("src/app.py", "fAkE7sEcReT/K7MDENG/bPxRfiCYFAKEKEY00000", "aws_secret_key"),
        ("src/app.py", "ghp_FAKE0123456789abcdefghijklmnopqrstuv", "github_token"),
        ("src/app.py", "Xq7!vR2#mK9$wL4p", "password"),
        ("src/server.js", "sk_test_FAKE51Habcdefghijklmnopqrstuvwx", "stripe_key"),
        ("src/server.js", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmYWtlLXVzZXIiLCJuYW1lIjoiRmFrZSJ9.c2lnbmF0dXJlLWZha2UtZmFrZS1mYWtl", "jwt"),
        ("src/settings.yaml", "T0p$ecret-9fQz", "password"),
        ("src/settings.yaml", "xoxb-0000000000-FAKEFAKEFAKE-abcdefghijklmnopqrstuvwx", "slack_token"),
        ("src/settings.yaml", "https://hooks.slack.com/services/T00000000/B00000000/FAKEFAKEFAKEFAKEFAKEFAKE", "slack_webhook"),
        ("config/service.env", "glpat-FAKEtoken01234567890", "gitlab_token"),
        ("config/service.env", "AIzaSyFAKE-0123456789abcdefghijklmnopqr", "gcp_api_key"),
        ("config/service.env", "FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFA==", "azure_storage_key"),
        ("config/service.env", "9f8e7d6c5b4a3f2e1d0c", "secret_key"),
        ("keys/deploy_key.pem", "FAKEKEYMIIEpAIBAAKCAQEA0FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFA", "private_key"),
    ];

    private static Document Redact(string text, SecretRedactorOptions? options = null)
    {
        var doc = new Document { Id = "t", Text = text };
        new SecretRedactor(options ?? new SecretRedactorOptions()).Process(doc);
        return doc;
    }

    [Fact]
    public void EveryPlantedSecretInTheSampleRepositoryIsRedactedAndCountedByType()
    {
        foreach (var file in Planted.Select(p => p.File).Distinct())
        {
            var original = File.ReadAllText(SourceSamples.Sample("code/tinyrepo/" + file));
            var doc = Redact(original);
            var expected = Planted.Where(p => p.File == file).ToList();
            foreach (var (_, secret, type) in expected)
            {
                Assert.Contains(secret, original);
                Assert.DoesNotContain(secret, doc.Text);
                Assert.Contains($"<{type.ToUpperInvariant()}>", doc.Text);
            }

            foreach (var group in expected.GroupBy(p => p.Type))
                Assert.Equal((long)group.Count(), doc.Attributes[$"secrets.{group.Key}"]);
            Assert.Equal((long)expected.Count, doc.Attributes["secrets.total"]);
        }
    }

    [Fact]
    public void OrdinaryIdentifiersAndCodeAreNotTouched()
    {
        foreach (var file in Planted.Select(p => p.File).Distinct().Append("src/util.go").Append("src/lib.rs"))
        {
            var original = File.ReadAllText(SourceSamples.Sample("code/tinyrepo/" + file));
            var redacted = Redact(original).Text;
            var secrets = Planted.Where(p => p.File == file).Select(p => p.Secret).ToList();
            var originalLines = original.Split('\n');
            var redactedLines = redacted.Split('\n');
            // A private key block collapses to one line; compare the other files line by line.
            if (file.EndsWith(".pem", StringComparison.Ordinal)) continue;
            Assert.Equal(originalLines.Length, redactedLines.Length);
            for (var i = 0; i < originalLines.Length; i++)
            {
                if (secrets.Any(s => originalLines[i].Contains(s, StringComparison.Ordinal))) continue;
                Assert.Equal(originalLines[i], redactedLines[i]);
            }
        }
    }

    [Fact]
    public void AssignmentKeepsNameAndQuotesAndReplacesOnlyTheValue()
    {
        Assert.Equal("DB_PASSWORD = \"<PASSWORD>\"", Redact("DB_PASSWORD = \"Xq7!vR2#mK9$wL4p\"").Text);
        Assert.Equal("\"client_secret\": \"<SECRET_KEY>\",", Redact("\"client_secret\": \"a8F3kL9qZ2xW7mN4\",").Text);
        Assert.Equal("export API_TOKEN=<SECRET_KEY>", Redact("export API_TOKEN=b7e4c1a9f2d8e6b3").Text);
        Assert.Equal("dbPassword: '<PASSWORD>'", Redact("dbPassword: 'Xq7!vR2#mK9$wL4p'").Text);
        Assert.Equal("authTokens = \"<SECRET_KEY>\"", Redact("authTokens = \"b7e4c1a9f2d8e6b3\"").Text);
    }

    [Theory]
    [InlineData("password = get_password()")]
    [InlineData("token = request.headers.get(\"Authorization\")")]
    [InlineData("api_key_header = \"Authorization\"")]
    [InlineData("secret_name = os.environ[\"SECRET_NAME\"]")]
    [InlineData("password: ${DB_PASSWORD}")]
    [InlineData("password = \"aaaaaaaa11\"")]
    [InlineData("password_length = 12")]
    [InlineData("docs_url: https://example.org/token/abc123def456")]
    [InlineData("password = \"********\"")]
    [InlineData("tokenizer = \"bert-base-uncased1\"")]
    [InlineData("mytoken = \"q8Z3xK1vW7nM2pL5\"")]
    public void LeavesNonSecretsAlone(string line)
    {
        var doc = Redact(line);
        Assert.Equal(line, doc.Text);
        Assert.Equal(0L, doc.Attributes["secrets.total"]);
    }

    [Fact]
    public void DisabledTypesAreKeptAndUnknownTypesAreAConfigError()
    {
        var jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        Assert.Equal(jwt, Redact(jwt, new SecretRedactorOptions { DisabledTypes = ["jwt"] }).Text);
        Assert.Equal("<JWT>", Redact(jwt).Text);
        Assert.NotEmpty(new SecretRedactorOptions { DisabledTypes = ["jwts"] }.Validate());
    }

    [Fact]
    public void EntropyIsBitsPerCharacter()
    {
        Assert.Equal(0, SecretRedactor.Entropy("aaaa"));
        Assert.Equal(2, SecretRedactor.Entropy("abcd"), 6);
    }

    [Theory]
    [InlineData("DATABASE_URL=postgres://app:Xq7vR2mK9wL4p@db.example.com:5432/app", "DATABASE_URL=postgres://app:<PASSWORD>@db.example.com:5432/app")]
    [InlineData("API_KEY = os.environ.get(\"API_KEY\", \"cb0f3a9e1d7c45b2a8f6e0d9c3b1a7f4\")", "API_KEY = os.environ.get(\"API_KEY\", \"<SECRET_KEY>\")")]
    [InlineData("const key = process.env.API_KEY || 'cb0f3a9e1d7c45b2a8f6e0d9c3b1a7f4';", "const key = process.env.API_KEY || '<SECRET_KEY>';")]
    [InlineData("password: \"%Fx9#kLq2Vw7zR\"", "password: \"<PASSWORD>\"")]
    [InlineData("stripe_key: 79ee34b50174699b002e204f7f1740ffca86f93f", "stripe_key: <SECRET_KEY>")]
    public void Issue_13_secret_forms_are_redacted(string text, string expected) => Assert.Equal(expected, Redact(text).Text);

    [Theory]
    [InlineData("password: process.env.DB_PASSWORD")]
    [InlineData("url: postgresql://app_user:${DB_PASSWORD}@db.internal:5432/app")]
    [InlineData("url: postgresql://app_user:TODO@db.internal:5432/app")]
    [InlineData("password: %(db_password)s")]
    [InlineData("secret = settings.SECRET_KEY")]
    [InlineData("primary_key: user_id")]
    public void Issue_13_references_are_not_secrets(string text) => Assert.Equal(0L, Redact(text).Attributes["secrets.total"]);
}
