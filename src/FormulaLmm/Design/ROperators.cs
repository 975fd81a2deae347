using FormulaLmm.Syntax;

namespace FormulaLmm.Design;

/// <summary>R's arithmetic, comparison and logical operators on numbers, with R's rules for NA (NaN here).</summary>
internal static class ROperators
{
    /// <summary>The operator's function on two numbers, and whether its result is logical.</summary>
    public static (Func<double, double, double> Op, bool IsLogical) Of(BinaryOperator op) => op switch
    {
        BinaryOperator.Plus => ((x, y) => x + y, false),
        BinaryOperator.Minus => ((x, y) => x - y, false),
        BinaryOperator.Times => ((x, y) => x * y, false),
        BinaryOperator.Divide => ((x, y) => x / y, false),
        BinaryOperator.Power => (Power, false),
        BinaryOperator.Modulo => (Modulo, false),
        BinaryOperator.IntegerDivide => ((x, y) => Math.Floor(x / y), false),
        BinaryOperator.Less => ((x, y) => Logical(x, y, x < y), true),
        BinaryOperator.Greater => ((x, y) => Logical(x, y, x > y), true),
        BinaryOperator.LessOrEqual => ((x, y) => Logical(x, y, x <= y), true),
        BinaryOperator.GreaterOrEqual => ((x, y) => Logical(x, y, x >= y), true),
        BinaryOperator.Equal => ((x, y) => Logical(x, y, x == y), true),
        BinaryOperator.NotEqual => ((x, y) => Logical(x, y, x != y), true),
        BinaryOperator.And => (And, true),
        _ => throw new InvalidOperationException($"operator {op}"),
    };

    // R: 1^y and x^0 are 1 even for NaN/NA operands.
    private static double Power(double x, double y) => x == 1 || y == 0 ? 1 : Math.Pow(x, y);

    // R's %%: the remainder has the sign of the divisor.
    private static double Modulo(double x, double y)
    {
        if (y == 0) return double.NaN;
        return x - Math.Floor(x / y) * y;
    }

    private static double Logical(double x, double y, bool value) =>
        double.IsNaN(x) || double.IsNaN(y) ? double.NaN : value ? 1 : 0;

    // R's three-valued '&': FALSE wins over NA.
    private static double And(double x, double y)
    {
        if (x == 0 || y == 0) return 0;
        if (double.IsNaN(x) || double.IsNaN(y)) return double.NaN;
        return 1;
    }
}
