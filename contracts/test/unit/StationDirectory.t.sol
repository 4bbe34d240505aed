// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Base} from "../utils/Base.t.sol";
import {StationDirectory} from "../../src/StationDirectory.sol";
import {IStationDirectory, StationPlace} from "../../src/interfaces/IStationDirectory.sol";

/// @notice Stations as places: the super account places a station, its operator changes all but the location,
/// directly or relayed; the directory lists them.
contract StationDirectoryTest is Base {
    StationDirectory internal dir;

    function setUp() public override {
        super.setUp();
        dir = new StationDirectory(address(forwarder), iface);
    }

    /// @dev Munich's Marienplatz: 48.137154° N, 11.576124° E.
    function _place(string memory name) internal pure returns (StationPlace memory p) {
        p.name = name;
        p.latitude = 48_137_154;
        p.longitude = 11_576_124;
        p.streetAddress = "Marienplatz 1, 80331 Munich";
        p.openingHours = "Mo-Fr 07:00-22:00; Sa 08:00-20:00";
        p.formats = new bytes16[](2);
        p.formats[0] = "BYD";
        p.formats[1] = "CATL";
    }

    function _placed(uint32 stationId) internal view returns (StationPlace memory place) {
        bool placed;
        (place, placed) = dir.placeOf(stationId);
        assertTrue(placed, "placed");
    }

    // ------------------------------------------------------------------ setStation

    function test_setStation_storesThePlaceAndListsIt() public {
        vm.expectEmit(true, true, false, true, address(dir));
        emit IStationDirectory.StationPlaceSet(STATION_ID, superAccount, _place("Marienplatz"));
        vm.prank(superAccount);
        dir.setStation(STATION_ID, _place("Marienplatz"));
        StationPlace memory p = _placed(STATION_ID);
        assertEq(p.name, "Marienplatz");
        assertEq(p.latitude, 48_137_154);
        assertEq(p.longitude, 11_576_124);
        assertEq(p.streetAddress, "Marienplatz 1, 80331 Munich");
        assertEq(p.openingHours, "Mo-Fr 07:00-22:00; Sa 08:00-20:00");
        assertEq(p.formats.length, 2);
        assertEq(p.formats[1], bytes16("CATL"));
        uint32[] memory ids = dir.stationIds();
        assertEq(ids.length, 1);
        assertEq(ids[0], STATION_ID);
        assertEq(dir.batteryInterface(), address(iface));
    }

    function test_setStation_twiceListsOnce() public {
        vm.startPrank(superAccount);
        dir.setStation(STATION_ID, _place("Marienplatz"));
        StationPlace memory moved = _place("Marienplatz");
        moved.latitude = 48_150_000;
        dir.setStation(STATION_ID, moved);
        vm.stopPrank();
        assertEq(dir.stationIds().length, 1);
        assertEq(_placed(STATION_ID).latitude, 48_150_000, "the super account may move a station");
    }

    function test_placesOf_givesEmptyPlacesForUnplaced() public {
        vm.prank(superAccount);
        dir.setStation(STATION_ID, _place("Marienplatz"));
        uint32[] memory ids = new uint32[](2);
        ids[0] = 7;
        ids[1] = STATION_ID;
        StationPlace[] memory places = dir.placesOf(ids);
        assertEq(places[0].name, "");
        assertEq(places[1].name, "Marienplatz");
        (, bool placed) = dir.placeOf(7);
        assertFalse(placed);
    }

    function test_RevertWhen_setStation_notSuper() public {
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IStationDirectory.StationDirectoryNotSuperAccount.selector, operator));
        dir.setStation(STATION_ID, _place("Marienplatz"));
    }

    function test_RevertWhen_setStation_noOperatorRegistered() public {
        vm.prank(superAccount);
        vm.expectRevert(abi.encodeWithSelector(IStationDirectory.StationDirectoryUnknownStation.selector, uint32(2)));
        dir.setStation(2, _place("Sendlinger Tor"));
    }

    function test_RevertWhen_setStation_emptyName() public {
        vm.prank(superAccount);
        vm.expectRevert(abi.encodeWithSelector(IStationDirectory.StationDirectoryInvalidField.selector, "name", 0, 64));
        dir.setStation(STATION_ID, _place(""));
    }

    function test_RevertWhen_setStation_tooManyFormats() public {
        StationPlace memory p = _place("Marienplatz");
        p.formats = new bytes16[](9);
        vm.prank(superAccount);
        vm.expectRevert(abi.encodeWithSelector(IStationDirectory.StationDirectoryInvalidField.selector, "formats", 9, 8));
        dir.setStation(STATION_ID, p);
    }

    // ------------------------------------------------------------------ updateStation

    function test_updateStation_operatorChangesAllButTheLocation() public {
        vm.prank(superAccount);
        dir.setStation(STATION_ID, _place("Marienplatz"));
        StationPlace memory p = _place("Marienplatz Swap");
        p.openingHours = "24/7";
        p.formats = new bytes16[](1);
        p.formats[0] = "NIO";
        vm.expectEmit(true, true, false, true, address(dir));
        emit IStationDirectory.StationPlaceSet(STATION_ID, operator, p);
        vm.prank(operator);
        dir.updateStation(STATION_ID, p);
        StationPlace memory got = _placed(STATION_ID);
        assertEq(got.name, "Marienplatz Swap");
        assertEq(got.openingHours, "24/7");
        assertEq(got.formats.length, 1);
    }

    function test_updateStation_relayedRunsAsTheOperator() public {
        vm.prank(superAccount);
        dir.setStation(STATION_ID, _place("Marienplatz"));
        bytes memory data = abi.encodeCall(dir.updateStation, (STATION_ID, _place("Relayed")));
        _relay(_signedRequest(operatorKey, address(dir), data, forwarder.nonces(operator), uint48(block.timestamp + 1 hours)));
        assertEq(_placed(STATION_ID).name, "Relayed");
    }

    function test_RevertWhen_updateStation_movesTheStation() public {
        vm.prank(superAccount);
        dir.setStation(STATION_ID, _place("Marienplatz"));
        StationPlace memory p = _place("Marienplatz");
        p.longitude += 1;
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStationDirectory.StationDirectoryLocationFixed.selector, STATION_ID, int32(48_137_154), int32(11_576_124)
            )
        );
        dir.updateStation(STATION_ID, p);
    }

    function test_RevertWhen_updateStation_otherStationsOperator() public {
        (address other,) = _newStation("operator2", 2);
        vm.prank(superAccount);
        dir.setStation(STATION_ID, _place("Marienplatz"));
        vm.prank(other);
        vm.expectRevert(abi.encodeWithSelector(IStationDirectory.StationDirectoryNotStationOperator.selector, other, STATION_ID));
        dir.updateStation(STATION_ID, _place("Mine now"));
    }

    function test_RevertWhen_updateStation_evOwner() public {
        vm.prank(superAccount);
        dir.setStation(STATION_ID, _place("Marienplatz"));
        vm.prank(evOwner);
        vm.expectRevert(abi.encodeWithSelector(IStationDirectory.StationDirectoryNotStationOperator.selector, evOwner, STATION_ID));
        dir.updateStation(STATION_ID, _place("Mine now"));
    }

    function test_RevertWhen_updateStation_notPlaced() public {
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IStationDirectory.StationDirectoryNotPlaced.selector, STATION_ID));
        dir.updateStation(STATION_ID, _place("Marienplatz"));
    }

    function test_RevertWhen_updateStation_suspended() public {
        vm.startPrank(superAccount);
        dir.setStation(STATION_ID, _place("Marienplatz"));
        iface.setSuspended(operator, true);
        vm.stopPrank();
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IStationDirectory.StationDirectoryAccountSuspended.selector, operator));
        dir.updateStation(STATION_ID, _place("Marienplatz"));
    }

    // ------------------------------------------------------------------ fuzz

    function testFuzz_setStation_acceptsExactlyTheEarthsCoordinates(int32 latitude, int32 longitude) public {
        StationPlace memory p = _place("Anywhere");
        p.latitude = latitude;
        p.longitude = longitude;
        bool onEarth = latitude >= -90_000_000 && latitude <= 90_000_000 && longitude >= -180_000_000 && longitude <= 180_000_000;
        if (!onEarth) {
            vm.expectRevert(
                abi.encodeWithSelector(IStationDirectory.StationDirectoryInvalidLocation.selector, latitude, longitude)
            );
        }
        vm.prank(superAccount);
        dir.setStation(STATION_ID, p);
        if (onEarth) {
            StationPlace memory got = _placed(STATION_ID);
            assertEq(got.latitude, latitude);
            assertEq(got.longitude, longitude);
        }
    }

    function testFuzz_updateStation_neverMovesTheStation(int32 latitude, int32 longitude, string calldata name) public {
        vm.assume(bytes(name).length > 0 && bytes(name).length <= 64);
        vm.prank(superAccount);
        dir.setStation(STATION_ID, _place("Marienplatz"));
        StationPlace memory p = _place(name);
        p.latitude = latitude;
        p.longitude = longitude;
        bool same = latitude == 48_137_154 && longitude == 11_576_124;
        if (!same) vm.expectRevert();
        vm.prank(operator);
        dir.updateStation(STATION_ID, p);
        StationPlace memory got = _placed(STATION_ID);
        assertEq(got.latitude, 48_137_154);
        assertEq(got.longitude, 11_576_124);
        assertEq(got.name, same ? name : "Marienplatz");
    }
}
