using System.Text.Json;
using System.Text.Json.Serialization;

namespace Monitor.Bench;

/// <summary>What bench/netcdf_peer.py reports for one read mode.</summary>
internal sealed record PeerResult
{
    /// <summary>Options matching the script's snake_case keys.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>masked, filled or raw.</summary>
    public required string Mode { get; init; }

    /// <summary>Fields read per pass.</summary>
    public required int Fields { get; init; }

    /// <summary>Seconds per timed pass.</summary>
    public required IReadOnlyList<double> Seconds { get; init; }

    /// <summary>netCDF4-python version.</summary>
    [JsonPropertyName("netcdf4_python")]
    public required string NetCdf4Python { get; init; }

    /// <summary>netCDF-C version python links.</summary>
    [JsonPropertyName("netcdf_c")]
    public required string NetCdfC { get; init; }

    /// <summary>HDF5 version python links.</summary>
    public required string Hdf5 { get; init; }

    /// <summary>numpy version.</summary>
    public required string Numpy { get; init; }
}
