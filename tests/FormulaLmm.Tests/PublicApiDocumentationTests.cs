using FormulaLmm.Text;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml.Linq;

namespace FormulaLmm.Tests;

/// <summary>
/// Every public (and protected) type and member of the library, outside the ANTLR-generated
/// parser, has an XML documentation entry with a non-empty summary or an inheritdoc. The entries
/// are read from FormulaLmm.xml, which the build writes next to FormulaLmm.dll and copies into
/// this project's output with the reference.
/// </summary>
public class PublicApiDocumentationTests
{
    private const string GeneratedNamespace = "FormulaLmm.Syntax.Generated";

    private static readonly Assembly Library = typeof(FormulaLmm.Lmm).Assembly;

    // Members a record declares for the compiler's value semantics; they are not API anyone writes docs for.
    private static readonly HashSet<string> RecordSynthesized = new(StringComparer.Ordinal)
    {
        "EqualityContract", "Deconstruct", "<Clone>$", "PrintMembers", "op_Equality", "op_Inequality", "Equals", "GetHashCode", "ToString",
    };

    [Fact]
    public void Documentation_file_is_copied_next_to_the_library()
    {
        var path = DocumentationPath();
        Assert.True(File.Exists(path), $"expected the XML documentation at {path}");
        var doc = XDocument.Load(path);
        Assert.Equal("FormulaLmm", doc.Root?.Element("assembly")?.Element("name")?.Value);
    }

    [Fact]
    public void Every_public_type_and_member_has_a_summary()
    {
        var documented = LoadDocumentedMembers();
        var required = PublicApi().ToList();
        var missing = required.Where(id => !documented.Contains(id)).OrderBy(id => id, StringComparer.Ordinal).ToList();

        // The walk itself must see the API: the facade and a representative of each kind of member.
        Assert.Contains("T:FormulaLmm.Lmm", required);
        Assert.Contains("M:FormulaLmm.Lmm.Fit(System.String,FormulaLmm.Data.Table,FormulaLmm.LmmOptions)", required);
        Assert.Contains("P:FormulaLmm.Fitting.LmmFit.Sigma", required);
        Assert.Contains("F:FormulaLmm.Syntax.Formula.MaxLength", required);
        Assert.Contains("P:FormulaLmm.Data.Table.Item(System.String)", required);
        Assert.DoesNotContain(required, id => id.Contains(GeneratedNamespace, StringComparison.Ordinal));

        Assert.True(missing.Count == 0,
            $"{missing.Count} of {required.Count} public types and members have no <summary> or <inheritdoc/> in FormulaLmm.xml:\n"
            + string.Join("\n", missing));
    }

    [Fact]
    public void Documentation_ids_of_this_test_match_the_compilers()
    {
        // Ids built by reflection for members with generic, nullable, tuple, array and by-ref
        // parameters must be the compiler's, or an undocumented member could hide behind a mismatch.
        var documented = LoadDocumentedMembers();
        var ids = PublicApi().ToHashSet(StringComparer.Ordinal);
        string[] known =
        {
            "M:FormulaLmm.Lmm.Fit``1(System.String,System.Collections.Generic.IEnumerable{``0},FormulaLmm.LmmOptions)",
            "M:FormulaLmm.Data.CsvReader.ReadFile(System.String,FormulaLmm.Data.CsvReadOptions)",
            "M:FormulaLmm.Data.Table.FromColumns(System.Collections.Generic.IReadOnlyList{System.ValueTuple{System.String,System.Collections.IEnumerable}},System.String)",
            "M:FormulaLmm.Data.Table.TryGetColumn(System.String,FormulaLmm.Data.TableColumn@)",
            "M:FormulaLmm.Data.NumericColumn.#ctor(System.String,System.Double[])",
            "M:FormulaLmm.Diagnostics.Diagnostic.Error(System.String,System.String,System.Nullable{FormulaLmm.Text.TextSpan})",
            "M:FormulaLmm.Syntax.SyntaxList`1.#ctor(System.Collections.Generic.IEnumerable{`0})",
            "P:FormulaLmm.Fitting.ReadOnlyMatrix.Item(System.Int32,System.Int32)",
        };
        foreach (var id in known)
        {
            Assert.Contains(id, ids);
            Assert.Contains(id, documented);
        }
    }

    private static string DocumentationPath() =>
        Path.Combine(AppContext.BaseDirectory, Path.GetFileNameWithoutExtension(Library.Location) + ".xml");

    /// <summary>Ids of the members whose entry has a non-empty summary or an inheritdoc.</summary>
    private static HashSet<string> LoadDocumentedMembers()
    {
        var doc = XDocument.Load(DocumentationPath());
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in doc.Descendants("member"))
        {
            var name = member.Attribute("name")?.Value;
            if (name is null) continue;
            bool hasSummary = member.Elements("summary").Any(s => !string.IsNullOrWhiteSpace(s.Value) || s.HasElements);
            bool inherits = member.Elements("inheritdoc").Any();
            if (hasSummary || inherits) result.Add(name);
        }
        return result;
    }

    private static IEnumerable<string> PublicApi()
    {
        foreach (var type in Library.GetExportedTypes())
        {
            if (type.Namespace == GeneratedNamespace || IsCompilerGenerated(type)) continue;
            yield return "T:" + TypeName(type);
            if (typeof(Delegate).IsAssignableFrom(type)) continue;
            bool isRecord = type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null
                            || type.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly) is not null;
            const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
                                          | BindingFlags.Static | BindingFlags.DeclaredOnly;

            foreach (var ctor in type.GetConstructors(declared))
            {
                if (!IsVisible(ctor) || IsCompilerGenerated(ctor)) continue;
                // A record's copy constructor is synthesized.
                if (isRecord && ctor.GetParameters() is [var only] && only.ParameterType == type) continue;
                // A lone parameterless constructor is (or could be) the compiler's default one, which
                // has no declaration to put a comment on; the type's own summary covers it.
                if (ctor.GetParameters().Length == 0 && type.GetConstructors().Length == 1) continue;
                yield return "M:" + TypeName(type) + ".#ctor" + Parameters(ctor.GetParameters());
            }
            foreach (var method in type.GetMethods(declared))
            {
                if (!IsVisible(method) || method.IsSpecialName && IsAccessor(method.Name) || IsCompilerGenerated(method)) continue;
                if (isRecord && RecordSynthesized.Contains(method.Name)) continue;
                if (IsObjectOverride(method)) continue;
                string generic = method.IsGenericMethodDefinition ? "``" + method.GetGenericArguments().Length : "";
                string id = "M:" + TypeName(type) + "." + method.Name.Replace('.', '#') + generic + Parameters(method.GetParameters());
                if (method.Name is "op_Implicit" or "op_Explicit") id += "~" + TypeReference(method.ReturnType);
                yield return id;
            }
            foreach (var property in type.GetProperties(declared))
            {
                var accessors = property.GetAccessors(nonPublic: true);
                if (!accessors.Any(IsVisible) || IsCompilerGenerated(property)) continue;
                if (isRecord && RecordSynthesized.Contains(property.Name)) continue;
                yield return "P:" + TypeName(type) + "." + property.Name + Parameters(property.GetIndexParameters());
            }
            foreach (var field in type.GetFields(declared))
            {
                if (!(field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly) || field.IsSpecialName || IsCompilerGenerated(field)) continue;
                yield return "F:" + TypeName(type) + "." + field.Name;
            }
            foreach (var ev in type.GetEvents(declared))
            {
                if (ev.AddMethod is not { } add || !IsVisible(add) || IsCompilerGenerated(ev)) continue;
                yield return "E:" + TypeName(type) + "." + ev.Name;
            }
        }
    }

    private static bool IsVisible(MethodBase m) => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly;

    private static bool IsAccessor(string name) =>
        name.StartsWith("get_", StringComparison.Ordinal) || name.StartsWith("set_", StringComparison.Ordinal)
        || name.StartsWith("add_", StringComparison.Ordinal) || name.StartsWith("remove_", StringComparison.Ordinal);

    private static bool IsCompilerGenerated(MemberInfo m) =>
        m.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) || m.Name.Contains('<');

    private static bool IsObjectOverride(MethodInfo m)
    {
        if (m.GetBaseDefinition().DeclaringType != typeof(object) || m.GetBaseDefinition() == m) return false;
        return m.Name is "Equals" or "GetHashCode" or "ToString";
    }

    /// <summary>A type's name as a documentation id writes it where the type is declared: nested types joined by '.', arity kept.</summary>
    private static string TypeName(Type type) => type.FullName!.Replace('+', '.');

    private static string Parameters(ParameterInfo[] parameters) =>
        parameters.Length == 0 ? "" : "(" + string.Join(",", parameters.Select(p => TypeReference(p.ParameterType))) + ")";

    /// <summary>A type as a documentation id writes it in a parameter list (ECMA-334 annex D).</summary>
    private static string TypeReference(Type type)
    {
        if (type.IsByRef) return TypeReference(type.GetElementType()!) + "@";
        if (type.IsPointer) return TypeReference(type.GetElementType()!) + "*";
        if (type.IsArray)
        {
            int rank = type.GetArrayRank();
            string dims = type.IsSZArray ? "[]" : "[" + string.Join(",", Enumerable.Repeat("0:", rank)) + "]";
            return TypeReference(type.GetElementType()!) + dims;
        }
        if (type.IsGenericParameter)
            return (type.DeclaringMethod is null ? "`" : "``") + type.GenericParameterPosition;
        if (!type.IsGenericType) return type.FullName!.Replace('+', '.');

        // Constructed generic: each nesting level takes its own share of the type arguments.
        var arguments = type.GetGenericArguments();
        var definition = type.GetGenericTypeDefinition().FullName!;
        var text = new StringBuilder();
        int used = 0;
        foreach (var segment in definition.Split('+'))
        {
            if (text.Length > 0) text.Append('.');
            int tick = segment.IndexOf('`');
            if (tick < 0) { text.Append(segment); continue; }
            int arity = int.Parse(segment[(tick + 1)..]);
            text.Append(segment, 0, tick).Append('{')
                .Append(string.Join(",", arguments.Skip(used).Take(arity).Select(TypeReference))).Append('}');
            used += arity;
        }
        return text.ToString();
    }
}
