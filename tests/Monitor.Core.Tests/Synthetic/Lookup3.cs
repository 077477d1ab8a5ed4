namespace Monitor.Core.Tests.Synthetic;

/// <summary>
/// Bob Jenkins' lookup3 <c>hashlittle</c> (2006), as HDF5 uses it for metadata checksums (<c>H5_checksum_lookup3</c>,
/// initial value 0): a literal port, to check that two netCDF-4 files differ only by an attribute and the checksum of
/// the object header that holds it.
/// </summary>
internal static class Lookup3
{
    public static uint Hash(ReadOnlySpan<byte> key, uint initialValue = 0)
    {
        uint a, b, c;
        a = b = c = 0xdeadbeef + (uint)key.Length + initialValue;
        while (key.Length > 12)
        {
            a += Word(key, 0);
            b += Word(key, 4);
            c += Word(key, 8);
            Mix(ref a, ref b, ref c);
            key = key[12..];
        }

        if (key.Length == 0)
        {
            return c;
        }

        Span<byte> tail = stackalloc byte[12];
        key.CopyTo(tail);
        a += Word(tail, 0);
        b += Word(tail, 4);
        c += Word(tail, 8);
        Final(ref a, ref b, ref c);
        return c;
    }

    private static uint Word(ReadOnlySpan<byte> k, int i) => k[i] | ((uint)k[i + 1] << 8) | ((uint)k[i + 2] << 16) | ((uint)k[i + 3] << 24);

    private static uint Rot(uint x, int k) => (x << k) | (x >> (32 - k));

    private static void Mix(ref uint a, ref uint b, ref uint c)
    {
        a -= c; a ^= Rot(c, 4); c += b;
        b -= a; b ^= Rot(a, 6); a += c;
        c -= b; c ^= Rot(b, 8); b += a;
        a -= c; a ^= Rot(c, 16); c += b;
        b -= a; b ^= Rot(a, 19); a += c;
        c -= b; c ^= Rot(b, 4); b += a;
    }

    private static void Final(ref uint a, ref uint b, ref uint c)
    {
        c ^= b; c -= Rot(b, 14);
        a ^= c; a -= Rot(c, 11);
        b ^= a; b -= Rot(a, 25);
        c ^= b; c -= Rot(b, 16);
        a ^= c; a -= Rot(c, 4);
        b ^= a; b -= Rot(a, 14);
        c ^= b; c -= Rot(b, 24);
    }
}
