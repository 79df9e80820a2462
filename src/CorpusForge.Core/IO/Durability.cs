using System.Runtime.InteropServices;

namespace CorpusForge.Core.IO;

/// <summary>Makes renames and new names durable: a file's data is fsync'd by <see cref="AtomicFile"/>, but the
/// directory entry a rename creates only survives a power loss once the directory itself is fsync'd.</summary>
public static partial class Durability
{
    private const int ReadOnly = 0;
    private const int DirectoryFlag = 0x10000; // O_DIRECTORY on Linux (x86-64 and arm64)

    /// <summary>Fsyncs <paramref name="directory"/> (Linux; a no-op elsewhere, where rename durability is the
    /// file system's own business).</summary>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        var fd = Open(directory, ReadOnly | DirectoryFlag);
        if (fd < 0) throw new IOException($"cannot open folder {directory} to sync it: {Marshal.GetLastPInvokeErrorMessage()}");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"cannot sync folder {directory}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Renames <paramref name="from"/> to <paramref name="to"/> (replacing it) and syncs the target folder.</summary>
    public static void MoveDurably(string from, string to)
    {
        File.Move(from, to, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(to))!);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
