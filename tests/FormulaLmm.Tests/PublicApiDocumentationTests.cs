using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
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
        Assert.Contains("M:FormulaLmm.Lmm.Fit(System.String,FormulaLmm.Data.DataTable,FormulaLmm.LmmOptions)", required);
        Assert.Contains("P:FormulaLmm.Fitting.LmmFit.Sigma", required);
        Assert.Contains("F:FormulaLmm.Syntax.Formula.MaxLength", required);
        Assert.Contains("P:FormulaLmm.Data.DataTable.Item(System.String)", required);
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
            "M:FormulaLmm.Data.DataTable.FromColumns(System.Collections.Generic.IReadOnlyList{System.ValueTuple{System.String,System.Collections.IEnumerable}},System.String)",
            "M:FormulaLmm.Data.DataTable.TryGetColumn(System.String,FormulaLmm.Data.DataColumn@)",
            "M:FormulaLmm.Data.NumericColumn.#ctor(System.String,System.Double[])",
            "M:FormulaLmm.Diagnostics.Diagnostic.Error(System.String,System.String,System.Nullable{FormulaLmm.Syntax.TextSpan})",
            "M:FormulaLmm.Syntax.SyntaxList`1.#ctor(System.Collections.Generic.IEnumerable{`0})",
            "P:FormulaLmm.Fitting.ReadOnlyMatrix.Item(System.Int32,System.Int32)",
        };
        foreach (var id in known)
        {
            Assert.Contains(id, ids);
            Assert.Contains(id, documented);
        }
    }

    [Fact]
    public void Compiler_supplied_constructors_are_told_from_written_ones()
    {
        // LmmOptions declares no constructor; LmmFit declares `internal LmmFit() { }`.
        var supplied = typeof(FormulaLmm.LmmOptions).GetConstructor(Type.EmptyTypes)!;
        var written = typeof(FormulaLmm.Fitting.LmmFit).GetConstructor(BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes)!;
        Assert.True(Sources.CanReadSources, "the library's PDB and sources should be readable from a build in place");
        Assert.True(Sources.IsImplicitConstructor(supplied));
        Assert.False(Sources.IsImplicitConstructor(written));
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
                // The compiler's default constructor has no declaration to put a comment on.
                if (ctor.GetParameters().Length == 0 && Sources.IsImplicitConstructor(ctor)) continue;
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

    private static readonly SourceLocator Sources = new(Library);

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

    /// <summary>
    /// Tells a constructor the compiler supplied (a class without any constructor declaration) from
    /// one written in the source, through the library's portable PDB: a written constructor has a
    /// sequence point on its declaration or on its <c>base(...)</c>/<c>this(...)</c> call, whereas
    /// the supplied one has sequence points only on member initializers, or none at all. This needs
    /// the sources the PDB names, as a build in place has them; without them (a build with mapped
    /// paths) no constructor is taken for the compiler's, and the detection test says why.
    /// </summary>
    private sealed class SourceLocator
    {
        private readonly MetadataReader? _pdb;
        private readonly Dictionary<string, string[]> _files = new(StringComparer.Ordinal);

        public SourceLocator(Assembly assembly)
        {
            var path = Path.ChangeExtension(Path.Combine(AppContext.BaseDirectory, Path.GetFileName(assembly.Location)), ".pdb");
            if (!File.Exists(path)) return;
            // The provider owns the bytes for the lifetime of the test process.
            _pdb = MetadataReaderProvider.FromPortablePdbImage(File.ReadAllBytes(path).ToImmutableArray()).GetMetadataReader();
        }

        /// <summary>True when the PDB was found and a source file it names can be read.</summary>
        public bool CanReadSources =>
            _pdb is not null && _pdb.Documents.Select(d => Lines(_pdb.GetString(_pdb.GetDocument(d).Name))).Any(l => l is not null);

        public bool IsImplicitConstructor(ConstructorInfo ctor)
        {
            if (_pdb is null) return false;
            var points = _pdb.GetMethodDebugInformation(MetadataTokens.MethodDefinitionHandle(ctor.MetadataToken))
                .GetSequencePoints().Where(p => !p.IsHidden).ToList();
            string typeName = ctor.DeclaringType!.Name.Split('`')[0];
            foreach (var point in points)
            {
                var lines = Lines(_pdb.GetString(_pdb.GetDocument(point.Document).Name));
                if (lines is null || point.StartLine > lines.Length) return false;
                var line = lines[point.StartLine - 1];
                int start = Math.Min(point.StartColumn - 1, line.Length);
                int end = point.EndLine == point.StartLine ? Math.Min(point.EndColumn - 1, line.Length) : line.Length;
                var text = line[start..end].TrimStart();
                if (text.Contains(typeName + "(", StringComparison.Ordinal) || text.StartsWith("base(", StringComparison.Ordinal)
                    || text.StartsWith("this(", StringComparison.Ordinal))
                    return false;
            }
            return true;
        }

        private string[]? Lines(string path)
        {
            if (_files.TryGetValue(path, out var lines)) return lines;
            lines = File.Exists(path) ? File.ReadAllLines(path) : null;
            if (lines is not null) _files[path] = lines;
            return lines;
        }
    }
}
