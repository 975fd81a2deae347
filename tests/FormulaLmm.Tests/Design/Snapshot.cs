using System.Runtime.CompilerServices;

namespace FormulaLmm.Tests.Design;

/// <summary>
/// Golden-file assertions: the text must equal the committed file under
/// tests/FormulaLmm.Tests/Snapshots/. When the file is missing, or UPDATE_SNAPSHOTS=1 is set, the
/// file is (re)written and the test fails, so that a new or changed snapshot is always reviewed
/// before it is committed; committed files are always asserted.
/// </summary>
internal static class Snapshot
{
    public static void Match(string folder, string name, string actual, [CallerFilePath] string callerPath = "")
    {
        var path = Path.Combine(SnapshotRoot(callerPath), folder, name);
        actual = actual.Replace("\r\n", "\n");
        bool update = Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1";
        if (update || !File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            Assert.Fail($"snapshot {folder}/{name} was {(update ? "rewritten" : "missing and has been written")}: review it (git diff) and commit it, then run the tests again without UPDATE_SNAPSHOTS");
        }
        var expected = File.ReadAllText(path).Replace("\r\n", "\n");
        if (expected == actual) return;
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        int line = 0;
        while (line < e.Length && line < a.Length && e[line] == a[line]) line++;
        Assert.Fail($"snapshot {folder}/{name} differs at line {line + 1}:\n  expected: {(line < e.Length ? e[line] : "<end>")}\n  actual:   {(line < a.Length ? a[line] : "<end>")}\n" +
                    "If the change is intended, run with UPDATE_SNAPSHOTS=1, review the diff and commit.");
    }

    /// <summary>The Snapshots folder of the test project's sources (found from this file's path, or above the test binaries).</summary>
    private static string SnapshotRoot(string callerPath)
    {
        var fromSource = Path.GetDirectoryName(Path.GetDirectoryName(callerPath));
        if (fromSource is not null && File.Exists(Path.Combine(fromSource, "FormulaLmm.Tests.csproj")))
            return Path.Combine(fromSource, "Snapshots");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FormulaLmm.Tests.csproj")))
                return Path.Combine(dir.FullName, "Snapshots");
        return Path.Combine(AppContext.BaseDirectory, "Snapshots");
    }
}
