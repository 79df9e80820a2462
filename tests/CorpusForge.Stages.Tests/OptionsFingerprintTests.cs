using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using CorpusForge.Core.Pipeline;
using CorpusForge.Core.Registry;

namespace CorpusForge.Stages.Tests;

/// <summary>A component's configuration fingerprint is stored with every committed input and compared on each rerun:
/// a change of its text would make a refresh reprocess a whole corpus. It was defined as System.Text.Json's output
/// (default contract, enums as names); <see cref="OptionsJson"/> writes it without building that contract, and must
/// write the very same text.</summary>
public sealed class OptionsFingerprintTests
{
    /// <summary>The fingerprint's definition, spelled out here so that the test does not depend on the code it checks.</summary>
    private static readonly JsonSerializerOptions Reference = new() { WriteIndented = false, Converters = { new JsonStringEnumConverter() } };

    private static string Expected(object options) => JsonSerializer.Serialize(options, options.GetType(), Reference);

    [Fact]
    public void Every_component_s_default_options_give_system_text_json_s_text()
    {
        var registry = BuiltInComponents.CreateRegistry();
        Assert.True(registry.All.Count >= 40);
        foreach (var component in registry.All)
        {
            var options = component.CreateDefaultOptions();
            var written = OptionsJson.TryWrite(options);
            Assert.True(written is not null, $"{component.Name}: options left to System.Text.Json");
            Assert.Equal(Expected(options), written);
            Assert.Equal(component.Name + " " + Expected(options), PipelineLoader.Fingerprint(component, options));
        }
    }

    /// <summary>Every settable option of every component set to values that exercise the writer: strings that JSON must
    /// escape (quotes, backslashes, markup, non-ASCII, line separators, control characters), numbers at their limits and
    /// with fractions, each enum member, flags combinations and values without a name, empty and null lists.</summary>
    [Fact]
    public void Every_component_s_options_with_unusual_values_give_system_text_json_s_text()
    {
        var registry = BuiltInComponents.CreateRegistry();
        var variants = 0;
        foreach (var component in registry.All)
        {
            for (var round = 0; round < 6; round++)
            {
                var options = component.CreateDefaultOptions();
                foreach (var property in component.OptionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (property.SetMethod is not { IsPublic: true }) continue;
                    property.SetValue(options, Unusual(property.PropertyType, round));
                }

                Assert.Equal(Expected(options), OptionsJson.TryWrite(options));
                variants++;
            }
        }

        Assert.True(variants >= 240);
    }

    [Fact]
    public void Shapes_the_writer_does_not_know_are_left_to_system_text_json_and_fingerprint_the_same()
    {
        foreach (var options in new object[] { new Nested(), new Renamed(), new WithDictionary(), new ConvertedType(), new WithConvertedEnum() })
        {
            Assert.Null(OptionsJson.TryWrite(options));
        }

        // System.Text.Json then honours the type's converter; an enum's own converter loses to the fingerprint's
        // string-enum converter (options' converters come first), which the writer need not know to step back.
        Assert.Equal("\"size 3\"", Expected(new ConvertedType()));
        Assert.Equal("{\"Choice\":\"Second\"}", Expected(new WithConvertedEnum()));

        Assert.Equal(Expected(new ReadOnlyAndBase()), OptionsJson.TryWrite(new ReadOnlyAndBase()));
    }

    private static readonly string[] Strings =
    [
        "plain", "", "quote \" backslash \\ slash / tab \t newline \n", "<a href='x'>&amp;</a>", "Straße – „Zitat“ 東京 😀",
        "\u2028\u2029\u0001\u007f", "+1 (555) 010-2030",
    ];

    private static readonly double[] Doubles = [0.1, -0.0, 1e-7, 12345.678901234567, 1e300, -3.5];

    private static object? Unusual(Type type, int round)
    {
        var nullable = Nullable.GetUnderlyingType(type);
        if (nullable is not null) return round % 3 == 2 ? null : Unusual(nullable, round);
        if (type == typeof(string)) return round == 5 ? null : Strings[round % Strings.Length];
        if (type == typeof(bool)) return round % 2 == 0;
        if (type == typeof(int)) return new[] { 0, -1, int.MaxValue, int.MinValue, 7, 1000 }[round];
        if (type == typeof(long)) return new[] { 0L, -1L, long.MaxValue, long.MinValue, 7L, 1L << 40 }[round];
        if (type == typeof(double)) return Doubles[round];
        if (type.IsEnum) return UnusualEnum(type, round);
        if (type == typeof(string[])) return round == 5 ? null : Strings.Take(round + 1).ToArray();
        if (type == typeof(double[])) return round == 5 ? null : Doubles.Take(round).ToArray();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            if (round == 5) return null;
            var list = (System.Collections.IList)Activator.CreateInstance(type)!;
            for (var i = 0; i < round; i++) list.Add(Unusual(type.GetGenericArguments()[0], i));
            return list;
        }

        throw new InvalidOperationException($"no unusual value for options of type {type}: add one here");
    }

    private static object UnusualEnum(Type type, int round)
    {
        var values = Enum.GetValues(type);
        var underlying = Enum.GetUnderlyingType(type);
        if (round < values.Length) return values.GetValue(round)!;
        if (type.IsDefined(typeof(FlagsAttribute)) && round == 4)
        {
            long all = 0;
            foreach (var value in values) all |= Convert.ToInt64(value);
            return Enum.ToObject(type, all);
        }

        // A value without a name (System.Text.Json writes its number).
        return Enum.ToObject(type, Convert.ChangeType(97, underlying));
    }

    private sealed class Nested
    {
        public int Size { get; set; } = 3;
        public Renamed Inner { get; set; } = new();
    }

    private sealed class Renamed
    {
        [JsonPropertyName("size_bytes")]
        public int Size { get; set; } = 3;
    }

    private sealed class WithDictionary
    {
        public Dictionary<string, int> Limits { get; set; } = new() { ["a"] = 1 };
    }

    [JsonConverter(typeof(ConvertedTypeConverter))]
    private sealed class ConvertedType
    {
        public int Size { get; set; } = 3;
    }

    private sealed class ConvertedTypeConverter : JsonConverter<ConvertedType>
    {
        public override ConvertedType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, ConvertedType value, JsonSerializerOptions options) => writer.WriteStringValue($"size {value.Size}");
    }

    [JsonConverter(typeof(JsonNumberEnumConverter<Lowered>))]
    private enum Lowered { First, Second }

    private sealed class WithConvertedEnum
    {
        public Lowered Choice { get; set; } = Lowered.Second;
    }

    private class Base
    {
        public int Inherited { get; set; } = 1;
        public string Tag { get; set; } = "base";
    }

    private sealed class ReadOnlyAndBase : Base
    {
        public int Own { get; set; } = 2;
        public int Twice => Own * 2;
        public List<DayOfWeek> Days { get; set; } = [DayOfWeek.Monday, (DayOfWeek)9];
        public AttributeTargets Targets { get; set; } = AttributeTargets.Class | AttributeTargets.Method;
    }
}
