using System.Globalization;

namespace CorpusForge.Core.Registry;

/// <summary>Converts YAML scalars and sequences into option values, with messages that say what was expected.</summary>
internal static class OptionValueConverter
{
    public static string Describe(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null) return Describe(underlying) + " (optional)";
        if (type == typeof(string)) return "string";
        if (type == typeof(int) || type == typeof(long)) return "integer";
        if (type == typeof(double) || type == typeof(float)) return "number";
        if (type == typeof(bool)) return "true|false";
        if (type.IsEnum) return "one of " + string.Join("|", Enum.GetNames(type).Select(Naming.ToSnakeCase));
        if (ElementType(type) is { } element) return "list of " + Describe(element);
        if (IsStringMap(type)) return "map of string";
        return type.Name;
    }

    public static Type? ElementType(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(List<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>))
                return type.GetGenericArguments()[0];
        }

        return null;
    }

    public static bool IsStringMap(Type type) =>
        type == typeof(Dictionary<string, string>) || type == typeof(IReadOnlyDictionary<string, string>);

    /// <summary>Parses one scalar; returns false with a message when it does not fit the type.</summary>
    public static bool TryParseScalar(string? text, bool quoted, Type type, out object? value, out string error)
    {
        error = "";
        value = null;
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            if (!quoted && (text is null || text is "~" or "null" or "")) return true;
            type = underlying;
        }

        text ??= "";
        if (type == typeof(string))
        {
            value = !quoted && text is "~" or "null" ? null : text;
            return true;
        }

        if (type == typeof(int))
        {
            if (TryParseInteger(text, out var l) && l is >= int.MinValue and <= int.MaxValue)
            {
                value = (int)l;
                return true;
            }

            error = $"expected an integer, got '{text}'";
            return false;
        }

        if (type == typeof(long))
        {
            if (TryParseInteger(text, out var l))
            {
                value = l;
                return true;
            }

            error = $"expected an integer, got '{text}'";
            return false;
        }

        if (type == typeof(double) || type == typeof(float))
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            {
                value = type == typeof(float) ? (float)d : d;
                return true;
            }

            error = $"expected a number, got '{text}'";
            return false;
        }

        if (type == typeof(bool))
        {
            switch (text.ToLowerInvariant())
            {
                case "true" or "yes" or "on":
                    value = true;
                    return true;
                case "false" or "no" or "off":
                    value = false;
                    return true;
                default:
                    error = $"expected true or false, got '{text}'";
                    return false;
            }
        }

        if (type.IsEnum)
        {
            foreach (var name in Enum.GetNames(type))
            {
                if (string.Equals(Naming.ToSnakeCase(name), text, StringComparison.OrdinalIgnoreCase) ||
                    string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
                {
                    value = Enum.Parse(type, name);
                    return true;
                }
            }

            var names = Enum.GetNames(type).Select(Naming.ToSnakeCase).ToList();
            var hint = Naming.Suggest(text, names);
            error = $"'{text}' is not one of {string.Join(", ", names)}" + (hint.Count > 0 ? $" (did you mean '{hint[0]}'?)" : "");
            return false;
        }

        error = $"cannot read a {Describe(type)} from a scalar";
        return false;
    }

    /// <summary>Integers may carry size suffixes (<c>64MB</c>, <c>1GiB</c>, <c>10k</c>) and underscores.</summary>
    public static bool TryParseInteger(string text, out long value)
    {
        var t = text.Trim().Replace("_", "");
        if (long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out value)) return true;
        (string suffix, long factor)[] suffixes =
        [
            ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
            ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000),
            ("k", 1_000), ("M", 1_000_000), ("G", 1_000_000_000), ("B", 1),
        ];
        foreach (var (suffix, factor) in suffixes)
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal) &&
                double.TryParse(t[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                value = checked((long)Math.Round(number * factor));
                return true;
            }
        }

        return false;
    }
}
