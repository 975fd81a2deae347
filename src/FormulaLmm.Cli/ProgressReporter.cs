using System.Diagnostics;
using System.Globalization;

namespace FormulaLmm.Cli;

/// <summary>
/// Shows the optimiser's progress ("eval N objective X") on stderr. With --verbose every
/// evaluation gets its own line; on a terminal without --verbose one line is rewritten in place,
/// at most ten times a second, and erased at the end. Otherwise (stderr redirected) nothing is shown.
/// </summary>
public sealed class ProgressReporter : IDisposable
{
    private readonly TextWriter _stderr;
    private readonly bool _inPlace;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastShown = -1000;
    private int _lastLength;

    private ProgressReporter(TextWriter stderr, bool inPlace)
    {
        _stderr = stderr;
        _inPlace = inPlace;
    }

    /// <summary>
    /// A reporter when progress should be shown: always with <paramref name="verbose"/>, and when
    /// <paramref name="stderr"/> is the process's standard error attached to a terminal.
    /// </summary>
    public static ProgressReporter? Create(TextWriter stderr, bool verbose)
    {
        if (verbose) return new ProgressReporter(stderr, inPlace: false);
        bool terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        return terminal ? InPlace(stderr) : null;
    }

    /// <summary>A reporter that rewrites one line of <paramref name="terminal"/> (what a terminal gets without --verbose).</summary>
    public static ProgressReporter InPlace(TextWriter terminal) => new(terminal, inPlace: true);

    /// <summary>The text shown for one evaluation.</summary>
    public static string Line(int evaluation, double objective) =>
        $"eval {evaluation} objective {objective.ToString("R", CultureInfo.InvariantCulture)}";

    /// <summary>Called by the fit after each objective evaluation.</summary>
    public void Report(int evaluation, double objective)
    {
        if (!_inPlace)
        {
            _stderr.WriteLine(Line(evaluation, objective));
            return;
        }
        long now = _clock.ElapsedMilliseconds;
        if (now - _lastShown < 100) return;
        _lastShown = now;
        var text = Line(evaluation, objective);
        _stderr.Write('\r' + text.PadRight(_lastLength));
        _lastLength = text.Length;
        _stderr.Flush();
    }

    /// <summary>Erases the in-place line so that the results start on a clean line.</summary>
    public void Dispose()
    {
        if (_inPlace && _lastLength > 0)
        {
            _stderr.Write('\r' + new string(' ', _lastLength) + '\r');
            _stderr.Flush();
        }
    }
}
