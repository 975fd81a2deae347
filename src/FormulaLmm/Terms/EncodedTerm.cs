using FormulaLmm.Syntax;
using FormulaLmm.Text;

namespace FormulaLmm.Terms;

/// <summary>
/// A term while the algebra runs: the ascending indices of its variables in the formula's variable
/// list (first appearance, response first), and the text that produced it. Ascending indices are
/// also the order R prints the variables of an interaction in.
/// </summary>
internal sealed class EncodedTerm
{
    public EncodedTerm(int[] variables, TextSpan span)
    {
        Variables = variables;
        Span = span;
    }

    public int[] Variables { get; }

    public TextSpan Span { get; }

    public int Order => Variables.Length;

    /// <summary>
    /// The term with the variables of both (R's bitwise or of two terms). When that is one of the
    /// two (a:a, or a main effect out of (a + b)^2) it keeps that term's own, narrower span.
    /// </summary>
    public EncodedTerm Union(EncodedTerm other, TextSpan span)
    {
        var merged = MergeSorted(Variables, other.Variables);
        if (merged.Length == Variables.Length) return this;
        if (merged.Length == other.Variables.Length) return other;
        return new EncodedTerm(merged, span);
    }

    /// <summary>The term with the given variables added; itself (and its span) when none is new.</summary>
    public EncodedTerm Union(int[] variables, TextSpan span)
    {
        var merged = MergeSorted(Variables, variables);
        return merged.Length == Variables.Length ? this : new EncodedTerm(merged, span);
    }

    internal static int[] MergeSorted(int[] a, int[] b)
    {
        var result = new int[a.Length + b.Length];
        int i = 0, j = 0, n = 0;
        while (i < a.Length || j < b.Length)
        {
            int next;
            if (j >= b.Length || (i < a.Length && a[i] < b[j])) next = a[i++];
            else if (i >= a.Length || b[j] < a[i]) next = b[j++];
            else { next = a[i]; i++; j++; }
            result[n++] = next;
        }
        return n == result.Length ? result : result[..n];
    }
}
