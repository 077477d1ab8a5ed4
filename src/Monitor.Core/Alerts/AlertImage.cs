namespace Monitor.Core.Alerts;

/// <summary>A PNG shown inside an alert's HTML body, referenced there as <c>cid:{ContentId}</c>.</summary>
/// <param name="ContentId">
/// The Content-ID without angle brackets, unique within the alert: letters, digits and <c>. - _ @</c> only
/// (e.g. <c>relevance-v10@v2vmonitor</c>).
/// </param>
/// <param name="FileName">The attachment's file name (<c>relevance-v10.png</c>).</param>
/// <param name="Png">The PNG file's bytes.</param>
/// <param name="Description">Alternative text for readers that show no images.</param>
public sealed record AlertImage(string ContentId, string FileName, ReadOnlyMemory<byte> Png, string Description)
{
    /// <summary>The PNG file signature, checked by <see cref="Alert.Validate"/>.</summary>
    public static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
}
