using System.Globalization;

namespace ChatIntake.Benchmarks;

/// <summary>
/// The process's own I/O counters as Linux keeps them (<c>/proc/self/io</c>): bytes and calls handed to read and write,
/// whether or not they reached the disk. What a turn costs SQLite in system calls; absent elsewhere.
/// </summary>
internal sealed record ProcessIo(long ReadBytes, long ReadCalls, long WrittenBytes, long WriteCalls)
{
    public static ProcessIo? Read()
    {
        const string path = "/proc/self/io";
        if (!File.Exists(path))
        {
            return null;
        }

        var fields = File.ReadAllLines(path)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim(), parts => long.Parse(parts[1].Trim(), CultureInfo.InvariantCulture), StringComparer.Ordinal);
        return new ProcessIo(fields["rchar"], fields["syscr"], fields["wchar"], fields["syscw"]);
    }

    public static ProcessIo operator -(ProcessIo after, ProcessIo before) =>
        new(after.ReadBytes - before.ReadBytes, after.ReadCalls - before.ReadCalls, after.WrittenBytes - before.WrittenBytes, after.WriteCalls - before.WriteCalls);
}
