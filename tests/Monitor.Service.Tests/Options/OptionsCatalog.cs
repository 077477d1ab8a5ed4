using System.Collections;
using System.Reflection;
using Monitor.Service.Options;

namespace Monitor.Service.Tests.Options;

/// <summary>
/// Every configuration key the service reads, from the options classes themselves: each class of
/// Monitor.Service.Options with a constant <c>Section</c> or <c>SectionName</c>, each public settable property by its
/// path (<c>Monitor:Alerts:Smtp:PasswordFile</c>), entries of lists of objects without their index
/// (<c>Monitor:Alerts:Rules:Name</c>).
/// </summary>
internal static class OptionsCatalog
{
    /// <summary>The configuration sections and their options classes.</summary>
    public static IReadOnlyDictionary<string, Type> Sections { get; } = typeof(MonitorSettings).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(MonitorSettings).Namespace && t.IsClass)
        .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static) ?? t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
        .Where(s => s.Field is { IsLiteral: true } && s.Field.FieldType == typeof(string))
        .ToDictionary(s => (string)s.Field!.GetRawConstantValue()!, s => s.Type, StringComparer.Ordinal);

    /// <summary>Every key, without list indices.</summary>
    public static IReadOnlySet<string> Keys { get; } = Sections.SelectMany(s => KeysOf(s.Value, s.Key)).ToHashSet(StringComparer.Ordinal);

    /// <summary>A configuration path without its list indices: <c>Monitor:Alerts:Rules:0:Name</c> → <c>Monitor:Alerts:Rules:Name</c>.</summary>
    public static string WithoutIndices(string path) => string.Join(':', path.Split(':').Where(part => !part.All(char.IsAsciiDigit)));

    /// <summary>Whether <paramref name="path"/> (indices allowed) is a key the service reads; <c>Logging:…</c> is .NET's own and free-form.</summary>
    public static bool IsKnown(string path) => path.StartsWith("Logging:", StringComparison.Ordinal) || Keys.Contains(WithoutIndices(path));

    private static IEnumerable<string> KeysOf(Type type, string prefix)
    {
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
        {
            string key = $"{prefix}:{property.Name}";
            Type propertyType = property.PropertyType;
            Type? element = ElementOf(propertyType);
            if (IsScalar(propertyType) || (element is not null && IsScalar(element)))
            {
                yield return key;
                continue;
            }

            foreach (string inner in KeysOf(element ?? propertyType, key))
            {
                yield return inner;
            }
        }
    }

    private static bool IsScalar(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal);
    }

    private static Type? ElementOf(Type type) =>
        type.IsArray ? type.GetElementType()
        : type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType ? type.GetGenericArguments()[0]
        : null;
}
