#nullable enable
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Sets VER_FLG_WEAK on one version-need entry (e.g. GLIBCXX_3.4.32) of ELF64 shared libraries, but only when the
/// machine's libstdc++ does not define that version. ELF layout: section .gnu.version_r (SHT_GNU_verneed) holds
/// Elf64_Verneed {u16 version, u16 cnt, u32 file, u32 aux, u32 next}, each followed at aux by cnt
/// Elf64_Vernaux {u32 hash, u16 flags, u16 other, u32 name, u32 next}; names index the section's sh_link string table.
/// </summary>
public sealed class MarkGlibcxxVersionWeak : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    [Required]
    public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();

    [Required]
    public string VersionName { get; set; } = "";

    public override bool Execute()
    {
        string? libstdcxx = FindLibStdCxx();
        if (libstdcxx != null && Contains(File.ReadAllBytes(libstdcxx), Encoding.ASCII.GetBytes(VersionName + "\0")))
        {
            Log.LogMessage(MessageImportance.Low, $"{libstdcxx} defines {VersionName}: libLibTorchSharp.so needs no patch.");
            return true;
        }

        foreach (ITaskItem item in Libraries)
        {
            string path = item.GetMetadata("FullPath");
            try
            {
                byte[] image = File.ReadAllBytes(path);
                switch (MarkWeak(image, VersionName))
                {
                    case PatchResult.Patched:
                        // Write a new file and move it over the old one: never modify a hard-linked package cache copy.
                        // Keep the copy's timestamp so incremental builds see it as up to date and do not re-copy it.
                        DateTime written = File.GetLastWriteTimeUtc(path);
                        string temporary = path + ".v2v-patch";
                        File.WriteAllBytes(temporary, image);
                        File.Delete(path);
                        File.Move(temporary, path);
                        File.SetLastWriteTimeUtc(path, written);
                        Log.LogMessage(MessageImportance.High, $"Marked {VersionName} weak in {path} (Debian 12 libstdc++ compatibility).");
                        break;
                    case PatchResult.AlreadyWeak:
                        Log.LogMessage(MessageImportance.Low, $"{path}: {VersionName} already weak.");
                        break;
                    case PatchResult.NotRequired:
                        Log.LogMessage(MessageImportance.Low, $"{path} does not require {VersionName}.");
                        break;
                }
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Log.LogError($"Could not patch {path} for {VersionName}: {ex.Message}");
            }
        }

        return !Log.HasLoggedErrors;
    }

    private enum PatchResult { NotRequired, AlreadyWeak, Patched }

    private static PatchResult MarkWeak(byte[] elf, string versionName)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2)
        {
            throw new InvalidDataException("not an ELF64 file");
        }

        long sectionHeaders = (long)BitConverter.ToUInt64(elf, 0x28);
        int entrySize = BitConverter.ToUInt16(elf, 0x3A);
        int count = BitConverter.ToUInt16(elf, 0x3C);
        for (int s = 0; s < count; s++)
        {
            long header = sectionHeaders + (long)s * entrySize;
            if (BitConverter.ToUInt32(elf, (int)header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            long offset = (long)BitConverter.ToUInt64(elf, (int)header + 24);
            uint link = BitConverter.ToUInt32(elf, (int)header + 40);
            uint needCount = BitConverter.ToUInt32(elf, (int)header + 44);
            long strings = (long)BitConverter.ToUInt64(elf, (int)(sectionHeaders + (long)link * entrySize) + 24);

            long need = offset;
            for (uint n = 0; n < needCount; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                    uint name = BitConverter.ToUInt32(elf, (int)aux + 8);
                    if (ReadCString(elf, strings + name) == versionName)
                    {
                        if ((flags & VerFlgWeak) != 0)
                        {
                            return PatchResult.AlreadyWeak;
                        }

                        BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(elf, (int)aux + 4);
                        return PatchResult.Patched;
                    }

                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }

                need += BitConverter.ToUInt32(elf, (int)need + 12);
            }
        }

        return PatchResult.NotRequired;
    }

    private static string ReadCString(byte[] data, long start)
    {
        long end = start;
        while (end < data.Length && data[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(data, (int)start, (int)(end - start));
    }

    private static string? FindLibStdCxx()
    {
        foreach (string candidate in new[]
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return true;
            }
        }

        return false;
    }
}
