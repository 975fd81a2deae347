using System.Text.RegularExpressions;
using FormulaLmm.Tests.Architecture.Sample.Terms;

namespace FormulaLmm.Tests.Architecture;

/// <summary>
/// Guards the pipeline's arrows (docs/architecture.md): no stage uses a stage it may not, no stage
/// calls back into the facade, no cycle between namespaces, and every source file sits in the
/// folder of its namespace. The rules are also run on a small sample with a forbidden arrow and a
/// cycle, to show that they fail when one is added.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly LayerRules Library = new(typeof(Lmm).Assembly, "FormulaLmm");

    [Fact]
    public void Every_stage_is_present_in_the_library()
    {
        Assert.Superset(
            new HashSet<string> { "Text", "Numerics", "Diagnostics", "Syntax", "Terms", "Data", "Design", "Fitting", "Results" },
            Library.Stages().ToHashSet());
    }

    [Fact]
    public void No_stage_uses_a_stage_it_may_not()
    {
        var violations = Library.Violations();
        Assert.True(violations.Count == 0, "Arrows against docs/architecture.md:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_named_arrows_are_absent()
    {
        foreach (var (from, to) in LayerRules.Forbidden)
        {
            Assert.DoesNotContain(to, LayerRules.Allowed[from]);
            Assert.Empty(Library.Offenders(from, to));
        }
    }

    [Fact]
    public void The_namespaces_form_no_cycle()
    {
        var cycle = LayerRules.FindCycle(Library.Graph());
        Assert.True(cycle is null, "Cycle between namespaces: " + string.Join(" -> ", cycle ?? []));
    }

    [Fact]
    public void The_stages_depend_on_what_the_pipeline_says()
    {
        // The arrows that carry the pipeline exist: a rule that passes because nothing is found proves nothing.
        var graph = Library.Graph();
        Assert.Contains("Syntax", graph["Terms"]);
        Assert.Contains("Terms", graph["Design"]);
        Assert.Contains("Data", graph["Design"]);
        Assert.Contains("Design", graph["Fitting"]);
        Assert.Contains("Numerics", graph["Fitting"]);
        Assert.Contains("Fitting", graph["Results"]);
        Assert.Contains("Text", graph["Diagnostics"]);
        Assert.Empty(graph["Numerics"]);
        Assert.Empty(graph["Text"]);
    }

    [Fact]
    public void The_generated_parser_and_the_kernels_are_not_public()
    {
        var exported = typeof(Lmm).Assembly.GetExportedTypes();
        Assert.DoesNotContain(exported, t => t.Namespace?.StartsWith("FormulaLmm.Syntax.Generated", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(exported, t => t.Name.StartsWith("Formula", StringComparison.Ordinal)
            && (t.Name.EndsWith("Parser", StringComparison.Ordinal) || t.Name.EndsWith("Lexer", StringComparison.Ordinal) || t.Name.EndsWith("Visitor", StringComparison.Ordinal)));
        string[] internals = ["KernelWorkspace", "DenseCholesky", "DenseKernels", "DenseTriangular", "BlockedCholeskyFactor", "MatrixBlock", "DenseBlock", "BlockDiagonalBlock", "SparseBlock", "CrossProducts", "RFormat", "RTable"];
        Assert.DoesNotContain(exported, t => internals.Contains(t.Name));
        // The parser types exist, so the check above is about their visibility and not their absence.
        Assert.NotNull(typeof(Lmm).Assembly.GetType("FormulaLmm.Syntax.Generated.FormulaParser"));
    }

    [Fact]
    public void No_public_type_clashes_with_System_Data()
    {
        string[] systemData = ["DataTable", "DataColumn", "DataRow", "DataSet", "DataView"];
        Assert.DoesNotContain(typeof(Lmm).Assembly.GetExportedTypes(), t => systemData.Contains(t.Name));
    }

    [Fact]
    public void A_forbidden_arrow_in_the_sample_is_reported()
    {
        var rules = new LayerRules(typeof(SampleTerm).Assembly, "FormulaLmm.Tests.Architecture.Sample");
        var violations = rules.Violations();
        Assert.Contains(violations, v => v.StartsWith("Terms -> Design:", StringComparison.Ordinal) && v.Contains(nameof(SampleTerm)));
        Assert.Contains(violations, v => v.StartsWith("Numerics -> Fitting:", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("Fitting -> FormulaLmm.Tests.Architecture.Sample (the facade)", StringComparison.Ordinal));
        Assert.DoesNotContain(violations, v => v.StartsWith("Design -> Terms", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cycle_in_the_sample_is_reported()
    {
        var rules = new LayerRules(typeof(SampleTerm).Assembly, "FormulaLmm.Tests.Architecture.Sample");
        var cycle = LayerRules.FindCycle(rules.Graph());
        Assert.NotNull(cycle);
        Assert.Equal(cycle[0], cycle[^1]);
        Assert.Contains("Terms", cycle);
        Assert.Contains("Design", cycle);
    }

    [Fact]
    public void Cycle_search_finds_long_cycles_and_accepts_dags()
    {
        var dag = new Dictionary<string, IReadOnlyList<string>> { ["a"] = ["b", "c"], ["b"] = ["c"], ["c"] = [] };
        Assert.Null(LayerRules.FindCycle(dag));
        var ring = new Dictionary<string, IReadOnlyList<string>> { ["a"] = ["b"], ["b"] = ["c"], ["c"] = ["a"] };
        Assert.Equal(["a", "b", "c", "a"], LayerRules.FindCycle(ring));
    }

    [Fact]
    public void Source_files_sit_in_the_folder_of_their_namespace_and_use_only_allowed_stages()
    {
        var problems = SourceArrows.Check(SourceArrows.LibraryFolder());
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Source_check_reports_a_using_line_and_a_qualified_name()
    {
        var dir = Directory.CreateTempSubdirectory("arch");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "Terms"));
            File.WriteAllText(Path.Combine(dir.FullName, "Terms", "A.cs"),
                "using FormulaLmm.Design;\nnamespace FormulaLmm.Terms;\nclass A { FormulaLmm.Data.Table? t; }\n");
            Directory.CreateDirectory(Path.Combine(dir.FullName, "Numerics"));
            File.WriteAllText(Path.Combine(dir.FullName, "Numerics", "B.cs"), "namespace FormulaLmm.Fitting;\nclass B { }\n");
            var problems = SourceArrows.Check(dir.FullName);
            Assert.Contains(problems, p => p.Contains("Terms/A.cs") && p.Contains("using FormulaLmm.Design"));
            Assert.Contains(problems, p => p.Contains("Terms/A.cs") && p.Contains("FormulaLmm.Data."));
            Assert.Contains(problems, p => p.Contains("Numerics/B.cs") && p.Contains("namespace FormulaLmm.Fitting"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}

/// <summary>The source-text side of the rules: <c>using</c> lines, qualified names and folder/namespace agreement.</summary>
internal static class SourceArrows
{
    private static readonly Regex NamespaceLine = new(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline);
    private static readonly Regex UsingLine = new(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?FormulaLmm\.(\w+)[\w.]*\s*;", RegexOptions.Multiline);
    private static readonly Regex QualifiedName = new(@"(?<![\w.""])FormulaLmm\.(\w+)\.");

    public static string LibraryFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FormulaLmm.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, "src", "FormulaLmm");
    }

    public static IReadOnlyList<string> Check(string libraryFolder)
    {
        var problems = new List<string>();
        foreach (var stage in LayerRules.Allowed.Keys)
        {
            var folder = Path.Combine(libraryFolder, stage);
            if (!Directory.Exists(folder)) continue;
            foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")) continue;
                var name = Path.GetRelativePath(libraryFolder, file).Replace('\\', '/');
                var text = File.ReadAllText(file);
                var code = StripCommentsAndStrings(text);
                foreach (Match m in NamespaceLine.Matches(code))
                    if (m.Groups[1].Value != $"FormulaLmm.{stage}" && !m.Groups[1].Value.StartsWith($"FormulaLmm.{stage}.", StringComparison.Ordinal))
                        problems.Add($"{name}: 'namespace {m.Groups[1].Value}' is not the namespace of its folder {stage}/");
                foreach (Match m in UsingLine.Matches(code))
                    if (!MayUse(stage, m.Groups[1].Value)) problems.Add($"{name}: '{m.Value.Trim()}' is an arrow {stage} -> {m.Groups[1].Value}");
                foreach (Match m in QualifiedName.Matches(code))
                    if (!MayUse(stage, m.Groups[1].Value)) problems.Add($"{name}: '{m.Value}' is an arrow {stage} -> {m.Groups[1].Value}");
            }
        }
        return problems;
    }

    private static bool MayUse(string stage, string target) =>
        target == stage || (LayerRules.Allowed.TryGetValue(target, out _) && LayerRules.Allowed[stage].Contains(target));

    // Doc comments and strings mention other stages by name without depending on them.
    private static string StripCommentsAndStrings(string text)
    {
        text = Regex.Replace(text, @"//[^\n]*", "");
        text = Regex.Replace(text, @"/\*.*?\*/", "", RegexOptions.Singleline);
        return Regex.Replace(text, @"@?""(?:[^""\\\n]|\\.)*""", "\"\"");
    }
}
