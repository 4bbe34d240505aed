// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Base} from "../utils/Base.t.sol";
import {StationDirectory} from "../../src/StationDirectory.sol";
import {StationPlace} from "../../src/interfaces/IStationDirectory.sol";

/// @notice Gas of placing a station and of its operator's change, direct and relayed, written to
/// snapshots/StationDirectory.json. Both are rare (once per station, and when its hours change).
contract StationDirectoryGasTest is Base {
    string internal constant GROUP = "StationDirectory";
    StationDirectory internal dir;

    function setUp() public override {
        super.setUp();
        dir = new StationDirectory(address(forwarder), iface);
    }

    function _place() internal pure returns (StationPlace memory p) {
        p.name = "Marienplatz";
        p.latitude = 48_137_154;
        p.longitude = 11_576_124;
        p.streetAddress = "Marienplatz 1, 80331 Munich";
        p.openingHours = "Mo-Fr 07:00-22:00; Sa 08:00-20:00";
        p.formats = new bytes16[](2);
        p.formats[0] = "BYD";
        p.formats[1] = "CATL";
    }

    function test_gas_setStation() public {
        vm.prank(superAccount);
        dir.setStation(STATION_ID, _place());
        vm.snapshotGasLastCall(GROUP, "setStation");
    }

    function test_gas_updateStation() public {
        vm.prank(superAccount);
        dir.setStation(STATION_ID, _place());
        StationPlace memory p = _place();
        p.openingHours = "24/7";
        vm.prank(operator);
        dir.updateStation(STATION_ID, p);
        vm.snapshotGasLastCall(GROUP, "updateStation");
    }

    function test_gas_updateStation_relayed() public {
        vm.prank(superAccount);
        dir.setStation(STATION_ID, _place());
        StationPlace memory p = _place();
        p.openingHours = "24/7";
        bytes memory data = abi.encodeCall(dir.updateStation, (STATION_ID, p));
        _relay(_signedRequest(operatorKey, address(dir), data, forwarder.nonces(operator), uint48(block.timestamp + 1 hours)));
        vm.snapshotGasLastCall(GROUP, "updateStation_relayed");
    }
}
