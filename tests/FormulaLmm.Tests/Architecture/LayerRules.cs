using System.Reflection;
using NetArchTest.Rules;

namespace FormulaLmm.Tests.Architecture;

/// <summary>
/// The pipeline's layering as data: which stage namespace may use which. Checked on the compiled
/// assembly (NetArchTest reads the IL, so fully qualified names and method bodies count, not only
/// <c>using</c> lines) and, by <see cref="SourceArrows"/>, on the source text. Parameterised by the
/// root namespace so that the same rules can be shown to fail on a deliberately broken sample.
/// </summary>
internal sealed class LayerRules
{
    /// <summary>The stages and the stages each may depend on (its own sub-namespaces always allowed).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>
    {
        ["Text"] = [],
        ["Numerics"] = [],
        ["Diagnostics"] = ["Text"],
        ["Syntax"] = ["Text", "Diagnostics"],
        ["Terms"] = ["Text", "Diagnostics", "Syntax"],
        ["Data"] = ["Text", "Diagnostics"],
        ["Design"] = ["Text", "Diagnostics", "Syntax", "Terms", "Data", "Numerics"],
        ["Fitting"] = ["Text", "Diagnostics", "Terms", "Data", "Design", "Numerics"],
        ["Inference"] = ["Text", "Diagnostics", "Terms", "Data", "Design", "Fitting", "Numerics"],
        ["Results"] = ["Text", "Diagnostics", "Syntax", "Terms", "Data", "Design", "Fitting", "Inference", "Numerics"],
    };

    /// <summary>The arrows the architecture issue names as forbidden; each is also outside <see cref="Allowed"/>.</summary>
    public static readonly (string From, string To)[] Forbidden =
    [
        ("Terms", "Design"), ("Terms", "Data"), ("Diagnostics", "Syntax"), ("Syntax", "Design"), ("Syntax", "Fitting"),
        ("Fitting", "Syntax"), ("Fitting", "Results"), ("Design", "Fitting"), ("Data", "Design"),
        ("Numerics", "Text"), ("Numerics", "Diagnostics"), ("Numerics", "Syntax"), ("Numerics", "Terms"), ("Numerics", "Data"),
        ("Numerics", "Design"), ("Numerics", "Fitting"), ("Numerics", "Inference"), ("Numerics", "Results"),
    ];

    private readonly Assembly _assembly;
    private readonly string _root;

    public LayerRules(Assembly assembly, string root)
    {
        _assembly = assembly;
        _root = root;
    }

    /// <summary>The stages present in the assembly under the root.</summary>
    public IReadOnlyList<string> Stages() =>
        Allowed.Keys.Where(s => TypesOf(s).GetTypes().Any()).ToArray();

    /// <summary>Every arrow from one stage to another that the allow-list does not contain, with the types that make it.</summary>
    public IReadOnlyList<string> Violations()
    {
        var found = new List<string>();
        var stages = Stages();
        foreach (var from in stages)
        {
            foreach (var to in stages.Where(t => t != from && !Allowed[from].Contains(t)))
            {
                var offenders = Offenders(from, to);
                if (offenders.Count > 0) found.Add($"{from} -> {to}: {string.Join(", ", offenders)}");
            }
            var facade = FacadeTypes();
            if (facade.Length > 0)
            {
                var result = TypesOf(from).ShouldNot().HaveDependencyOnAny(facade).GetResult();
                if (!result.IsSuccessful) found.Add($"{from} -> {_root} (the facade): {string.Join(", ", result.FailingTypeNames ?? [])}");
            }
        }
        return found;
    }

    /// <summary>The stage-to-stage dependency graph as the IL shows it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Graph()
    {
        var stages = Stages();
        return stages.ToDictionary(
            from => from,
            from => (IReadOnlyList<string>)stages.Where(to => to != from && Offenders(from, to).Count > 0).ToArray());
    }

    /// <summary>One cycle of the stage graph, as a path that starts and ends at the same stage, or null.</summary>
    public static IReadOnlyList<string>? FindCycle(IReadOnlyDictionary<string, IReadOnlyList<string>> graph)
    {
        var state = graph.Keys.ToDictionary(k => k, _ => 0); // 0 unvisited, 1 on the path, 2 done
        var path = new List<string>();

        IReadOnlyList<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph[node])
            {
                if (state[next] == 1) return path.Skip(path.IndexOf(next)).Append(next).ToArray();
                if (state[next] == 0 && Visit(next) is { } cycle) return cycle;
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
            if (state[node] == 0 && Visit(node) is { } cycle) return cycle;
        return null;
    }

    /// <summary>The types of stage <paramref name="from"/> that use stage <paramref name="to"/>.</summary>
    public IReadOnlyList<string> Offenders(string from, string to)
    {
        var result = TypesOf(from).ShouldNot().HaveDependencyOn($"{_root}.{to}").GetResult();
        return result.IsSuccessful ? [] : (IReadOnlyList<string>)(result.FailingTypeNames ?? []);
    }

    private PredicateList TypesOf(string stage) =>
        Types.InAssembly(_assembly).That().ResideInNamespaceMatching($@"^{Regex(_root)}\.{stage}(\..+)?$");

    // The facade (the root namespace's own types) composes the stages; no stage may call back into it.
    private string[] FacadeTypes() =>
        _assembly.GetTypes().Where(t => t.Namespace == _root && !t.IsNested && !t.Name.StartsWith('<')).Select(t => t.FullName!).ToArray();

    private static string Regex(string s) => System.Text.RegularExpressions.Regex.Escape(s);
}
