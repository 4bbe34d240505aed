// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Where a station is and what it takes: what an EV owner needs to choose one.
/// @dev Latitude and longitude in micro-degrees (WGS 84), so 48.137154° N is 48_137_154. `openingHours` is free text
/// in OpenStreetMap's `opening_hours` style ("Mo-Fr 07:00-22:00; Sa 08:00-20:00", "24/7"); the GUI reads that subset
/// and shows any other text as it is. `formats` are short names of the battery brands or formats it takes ("BYD").
struct StationPlace {
    string name;
    int32 latitude;
    int32 longitude;
    string streetAddress;
    string openingHours;
    bytes16[] formats;
}

/// @title IStationDirectory
/// @notice Stations as places: the super account places a station (name, location, address, opening hours,
/// formats); its operator may change everything but the location. Roles are BatteryInterface's.
/// @dev Calls may come relayed through the ERC-2771 forwarder BatteryInterface trusts.
interface IStationDirectory {
    /// @notice Emitted whenever a station's place is set or changed, with the whole place as it now stands.
    event StationPlaceSet(uint32 indexed stationId, address indexed by, StationPlace place);

    /// @notice Only the super account may place a station.
    error StationDirectoryNotSuperAccount(address account);
    /// @notice Only station `stationId`'s operator may change its details.
    error StationDirectoryNotStationOperator(address account, uint32 stationId);
    /// @notice A suspended account changes nothing.
    error StationDirectoryAccountSuspended(address account);
    /// @notice No operator is registered for station `stationId` (or 0, or a number past 2^31 - 1).
    error StationDirectoryUnknownStation(uint32 stationId);
    /// @notice The super account has not placed station `stationId` yet.
    error StationDirectoryNotPlaced(uint32 stationId);
    /// @notice An operator's change moved the station: only the super account sets the location.
    error StationDirectoryLocationFixed(uint32 stationId, int32 latitude, int32 longitude);
    /// @notice Latitude outside ±90° or longitude outside ±180° (micro-degrees).
    error StationDirectoryInvalidLocation(int32 latitude, int32 longitude);
    /// @notice A field is empty (name) or longer than the directory keeps (`max` bytes, or formats).
    error StationDirectoryInvalidField(string field, uint256 length, uint256 max);

    /// @notice Super account: sets station `stationId`'s whole place, location included. The station must have
    /// an operator registered in BatteryInterface.
    function setStation(uint32 stationId, StationPlace calldata place) external;

    /// @notice Station `stationId`'s operator: changes its name, address, opening hours and formats. `place`'s
    /// latitude and longitude must be the ones the super account set.
    function updateStation(uint32 stationId, StationPlace calldata place) external;

    /// @notice Station `stationId`'s place; `placed` is false (and the place empty) when none was set.
    function placeOf(uint32 stationId) external view returns (StationPlace memory place, bool placed);

    /// @notice Every placed station's number, in the order they were first placed.
    function stationIds() external view returns (uint32[] memory);

    /// @notice The places of `ids`, in the same order (empty places for stations never placed).
    function placesOf(uint32[] calldata ids) external view returns (StationPlace[] memory);

    /// @notice The BatteryInterface whose roles this directory follows.
    function batteryInterface() external view returns (address);
}
