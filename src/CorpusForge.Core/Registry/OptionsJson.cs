using System.Buffers;
using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CorpusForge.Core.Registry;

/// <summary>A component's options as the JSON text of its configuration fingerprint, written straight from the
/// properties: the same text System.Text.Json's default contract writes (every public instance property with a
/// getter, read-only ones too, in the order that contract lists them; enums as their names), without building that
/// contract. Building it costs a fresh process 5–35 ms per options type (reflection, emitted accessors, converters),
/// and every `corpusforge run` fingerprints each component of its pipeline before it reads a byte.
/// <see cref="TryWrite"/> returns null for anything this writer does not know (a nested options object, a
/// dictionary, a property marked with a System.Text.Json attribute); the caller then serializes with
/// System.Text.Json itself. A test holds both to the same text for every registered component.</summary>
public static class OptionsJson
{
    /// <summary>The options as compact JSON, or null when they hold a shape this writer leaves to System.Text.Json.</summary>
    public static string? TryWrite(object options)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (!TryWriteObject(writer, options)) return null;
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool TryWriteObject(Utf8JsonWriter writer, object options)
    {
        // A converter, a polymorphism or naming attribute on the type itself is System.Text.Json's to honour.
        if (options.GetType().IsDefined(typeof(JsonAttribute), inherit: true)) return false;
        writer.WriteStartObject();
        foreach (var property in ContractProperties(options.GetType()))
        {
            if (property.IsDefined(typeof(JsonAttribute), inherit: true)) return false;
            writer.WritePropertyName(property.Name);
            if (!TryWriteValue(writer, property.GetValue(options))) return false;
        }

        writer.WriteEndObject();
        return true;
    }

    /// <summary>The properties System.Text.Json's reflection contract serializes: public, instance, readable, not
    /// indexers, the most derived type's first, then each base type's in declaration order.</summary>
    private static IEnumerable<PropertyInfo> ContractProperties(Type type)
    {
        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (var property in current.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (property.GetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0) yield return property;
            }
        }
    }

    private static bool TryWriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); return true;
            case string text: writer.WriteStringValue(text); return true;
            case bool flag: writer.WriteBooleanValue(flag); return true;
            case int number: writer.WriteNumberValue(number); return true;
            case long number: writer.WriteNumberValue(number); return true;
            case double number: writer.WriteNumberValue(number); return true;
            case Enum member: return TryWriteEnum(writer, member);
            case IList list when IsArrayOrList(list.GetType()):
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    if (!TryWriteValue(writer, item)) return false;
                }

                writer.WriteEndArray();
                return true;
            default: return false;
        }
    }

    private static bool IsArrayOrList(Type type) =>
        type.IsArray || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>));

    /// <summary>An enum as <see cref="JsonStringEnumConverter"/> writes it: its name, a flags combination's names
    /// joined by ", ", and a value without a name as its number.</summary>
    private static bool TryWriteEnum(Utf8JsonWriter writer, Enum member)
    {
        var type = member.GetType();
        // An enum with a converter of its own (or any System.Text.Json attribute) is System.Text.Json's to write.
        if (type.IsDefined(typeof(JsonAttribute), inherit: false)) return false;
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            // Renamed members are System.Text.Json's to write.
            if (field.IsDefined(typeof(JsonStringEnumMemberNameAttribute), inherit: false)) return false;
        }

        var name = member.ToString();
        if (name.Length > 0 && (char.IsAsciiDigit(name[0]) || name[0] == '-'))
        {
            if (Enum.GetUnderlyingType(type) == typeof(ulong)) writer.WriteNumberValue(Convert.ToUInt64(member));
            else writer.WriteNumberValue(Convert.ToInt64(member));
        }
        else
        {
            writer.WriteStringValue(name);
        }

        return true;
    }
}
