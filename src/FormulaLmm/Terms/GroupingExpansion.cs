using FormulaLmm.Diagnostics;
using FormulaLmm.Syntax;

namespace FormulaLmm.Terms;

/// <summary>One grouping factor of a random-effects term: lme4's name for it and its variables.</summary>
internal sealed record GroupingFactor(string Label, IReadOnlyList<TermVariable> Variables);

/// <summary>
/// Turns the right-hand side of a bar into the grouping factors lme4's findbars() makes of it.
/// 'a:b' is one factor (the observed combinations); 'a/b/c' nests: its parts p1, p2, ... become
/// the factors p_k:(...:(p2:p1)), ..., p2:p1, p1, innermost first, named as R deparses them
/// (so 'a/b' gives "b:a" then "a", and 'a/b/c' gives "c:(b:a)", "b:a", "a").
/// </summary>
internal static class GroupingExpansion
{
    /// <summary>The grouping factors in lme4's order, or null after reporting why there are none.</summary>
    public static IReadOnlyList<GroupingFactor>? Expand(Expression group, List<Diagnostic> diagnostics)
    {
        var parts = new List<Expression>();
        CollectNestedParts(group, parts);
        bool valid = true;
        foreach (var part in parts) valid &= Validate(part, diagnostics);
        if (!valid) return null;

        var factors = new List<GroupingFactor>(parts.Count);
        Expression nested = parts[0];
        factors.Add(ToFactor(nested));
        for (int k = 1; k < parts.Count; k++)
        {
            nested = new BinaryExpression(BinaryOperator.Interaction, parts[k], nested, parts[k].Span.Cover(nested.Span));
            factors.Add(ToFactor(nested));
        }
        factors.Reverse();
        return factors;
    }

    // The parser has already dropped parentheses, so 'a/(b/c)' arrives right-nested; R's term
    // algebra gives it the same meaning as 'a/b/c', and so do we.
    private static void CollectNestedParts(Expression e, List<Expression> parts)
    {
        if (e is BinaryExpression { Operator: BinaryOperator.Divide } d)
        {
            CollectNestedParts(d.Left, parts);
            CollectNestedParts(d.Right, parts);
        }
        else parts.Add(e);
    }

    private static bool Validate(Expression part, List<Diagnostic> diagnostics)
    {
        switch (part)
        {
            case NameExpression { Name: "." } dot:
                diagnostics.Add(Diagnostic.Error(TermsCodes.DotNotSupported,
                    "'.' cannot be a grouping factor: name the grouping variable, e.g. (1 | subject)", dot.Span));
                return false;
            case NameExpression { Name: "TRUE" or "FALSE" } or NumberExpression or StringExpression:
                diagnostics.Add(Diagnostic.Error(TermsCodes.ConstantGroupingFactor,
                    $"the grouping factor '{FormulaPrinter.Print(part)}' is a constant, so there is nothing to group by: " +
                    "name a column after '|', e.g. (1 | subject)",
                    part.Span));
                return false;
            case NameExpression:
                return true;
            case BinaryExpression { Operator: BinaryOperator.Interaction } b:
                return Validate(b.Left, diagnostics) & Validate(b.Right, diagnostics);
            case RandomTermExpression r:
                diagnostics.Add(Diagnostic.Error(TermsCodes.RandomTermInsideTerm,
                    $"the random-effects term {FormulaPrinter.Print(r)} cannot be a grouping factor", r.Span));
                return false;
            case CallExpression c:
                diagnostics.Add(Diagnostic.Error(TermsCodes.InvalidGroupingFactor,
                    $"the grouping factor '{FormulaPrinter.Print(c)}' must be a column name (lme4 cannot group by a " +
                    "function of a column); grouping variables are always treated as categorical, so write the column " +
                    "itself, or make a new column",
                    c.Span));
                return false;
            default:
                diagnostics.Add(Diagnostic.Error(TermsCodes.InvalidGroupingFactor,
                    $"'{FormulaPrinter.Print(part)}' cannot be a grouping factor: after '|' write a column (g), the " +
                    "combinations of columns (a:b), or a nesting (a/b); for two grouping factors write two terms, " +
                    "e.g. (1 | a) + (1 | b)",
                    part.Span));
                return false;
        }
    }

    private static GroupingFactor ToFactor(Expression nested)
    {
        var variables = new List<TermVariable>();
        CollectLeaves(nested, variables);
        // R deparses a lone symbol without backquotes but a call with them: lme4 names the
        // group of (1 | `my g`) "my g", and that of (1 | a:`my g`) "a:`my g`".
        var label = nested is NameExpression name ? name.Name : FormulaPrinter.Print(nested);
        return new GroupingFactor(label, variables);
    }

    private static void CollectLeaves(Expression e, List<TermVariable> variables)
    {
        if (e is BinaryExpression { Operator: BinaryOperator.Interaction } b)
        {
            CollectLeaves(b.Left, variables);
            CollectLeaves(b.Right, variables);
        }
        else variables.Add(new TermVariable(e));
    }
}
