namespace Monitor.Service.Reporting;

/// <summary>A picture in the HTML report, embedded as a PNG data URI.</summary>
/// <param name="Caption">What it shows, in words (also its alternative text).</param>
/// <param name="Png">The PNG bytes.</param>
public sealed record ReportFigure(string Caption, byte[] Png);
