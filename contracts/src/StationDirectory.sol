// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {IBatteryInterface} from "./interfaces/IBatteryInterface.sol";
import {IStationDirectory, StationPlace} from "./interfaces/IStationDirectory.sol";
import {Role, Units} from "./interfaces/BatteryTypes.sol";

/// @title StationDirectory
/// @notice Stations as places. See {IStationDirectory}.
/// @dev Its own contract rather than more of BatteryInterface, which is near the 24 KB code size limit; it reads
/// BatteryInterface's roles, so an account has one role everywhere. Trusts the same forwarder, so a device's signed
/// request reaches it through a station's relay like any other.
contract StationDirectory is IStationDirectory, ERC2771Context {
    /// @dev BatteryInterface's super account role (`keccak256("SUPER_ROLE")`).
    bytes32 private constant SUPER_ROLE = keccak256("SUPER_ROLE");
    /// @dev The relay pays for a relayed call's calldata and storage, so text is kept short.
    uint256 private constant MAX_NAME = 64;
    uint256 private constant MAX_TEXT = 160;
    uint256 private constant MAX_FORMATS = 8;
    int32 private constant MAX_LATITUDE = 90_000_000;
    int32 private constant MAX_LONGITUDE = 180_000_000;

    IBatteryInterface private immutable _iface;

    mapping(uint32 stationId => StationPlace) private _places;
    uint32[] private _ids;

    constructor(address trustedForwarder, IBatteryInterface iface) ERC2771Context(trustedForwarder) {
        _iface = iface;
    }

    /// @inheritdoc IStationDirectory
    function setStation(uint32 stationId, StationPlace calldata place) external {
        address sender = _msgSender();
        if (!IAccessControl(address(_iface)).hasRole(SUPER_ROLE, sender)) revert StationDirectoryNotSuperAccount(sender);
        if (stationId == 0 || Units.isStation(stationId) || _iface.accountOfUnit(Units.station(stationId)) == address(0)) {
            revert StationDirectoryUnknownStation(stationId);
        }
        if (
            place.latitude < -MAX_LATITUDE || place.latitude > MAX_LATITUDE || place.longitude < -MAX_LONGITUDE
                || place.longitude > MAX_LONGITUDE
        ) revert StationDirectoryInvalidLocation(place.latitude, place.longitude);
        if (bytes(_places[stationId].name).length == 0) _ids.push(stationId);
        _store(stationId, place, sender);
    }

    /// @inheritdoc IStationDirectory
    function updateStation(uint32 stationId, StationPlace calldata place) external {
        address sender = _msgSender();
        (Role role, uint32 unit) = _iface.accountOf(sender);
        if (role != Role.StationOperator || unit != Units.station(stationId)) {
            revert StationDirectoryNotStationOperator(sender, stationId);
        }
        if (_iface.isSuspended(sender)) revert StationDirectoryAccountSuspended(sender);
        StationPlace storage current = _places[stationId];
        if (bytes(current.name).length == 0) revert StationDirectoryNotPlaced(stationId);
        if (place.latitude != current.latitude || place.longitude != current.longitude) {
            revert StationDirectoryLocationFixed(stationId, current.latitude, current.longitude);
        }
        _store(stationId, place, sender);
    }

    /// @inheritdoc IStationDirectory
    function placeOf(uint32 stationId) external view returns (StationPlace memory place, bool placed) {
        place = _places[stationId];
        placed = bytes(place.name).length != 0;
    }

    /// @inheritdoc IStationDirectory
    function stationIds() external view returns (uint32[] memory) {
        return _ids;
    }

    /// @inheritdoc IStationDirectory
    function placesOf(uint32[] calldata ids) external view returns (StationPlace[] memory places) {
        places = new StationPlace[](ids.length);
        for (uint256 i; i < ids.length; ++i) {
            places[i] = _places[ids[i]];
        }
    }

    /// @inheritdoc IStationDirectory
    function batteryInterface() external view returns (address) {
        return address(_iface);
    }

    /// @dev Checks the text fields and writes the place; a placed station always has a name, which is how
    /// `placeOf` tells a placed station.
    function _store(uint32 stationId, StationPlace calldata place, address sender) private {
        _checkLength("name", bytes(place.name).length, MAX_NAME);
        if (bytes(place.name).length == 0) revert StationDirectoryInvalidField("name", 0, MAX_NAME);
        _checkLength("streetAddress", bytes(place.streetAddress).length, MAX_TEXT);
        _checkLength("openingHours", bytes(place.openingHours).length, MAX_TEXT);
        _checkLength("formats", place.formats.length, MAX_FORMATS);
        _places[stationId] = place;
        emit StationPlaceSet(stationId, sender, place);
    }

    function _checkLength(string memory field, uint256 length, uint256 max) private pure {
        if (length > max) revert StationDirectoryInvalidField(field, length, max);
    }
}
