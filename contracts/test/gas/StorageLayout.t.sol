// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Base} from "../utils/Base.t.sol";
import {BalanceProcess} from "../../src/BalanceProcess.sol";
import {BatteryInterface} from "../../src/BatteryInterface.sol";
import {Operation} from "../../src/interfaces/BatteryTypes.sol";
import {UnpackedBatteryProcess} from "./UnpackedBatteryProcess.sol";

interface VmCoolLayout {
    function cool(address target) external;
}

/// @notice docs/storage.md: the same user operations on two full stacks that differ only in how BatteryProcess
/// lays out a battery, packed (3 slots, src/BatteryProcess.sol) or one slot per field (18 slots,
/// UnpackedBatteryProcess). Both measured cold, in the same state (accounts registered, a battery on each side,
/// default fees), and written to snapshots/StorageLayout.json as `packed_<op>` and `unpacked_<op>`.
contract StorageLayoutGasTest is Base {
    string internal constant GROUP = "StorageLayout";

    UnpackedBatteryProcess internal ubp;
    BalanceProcess internal ubal;
    BatteryInterface internal uiface;

    uint32 internal evBattery;
    uint32 internal stationBattery;

    function setUp() public override {
        super.setUp();
        ubp = new UnpackedBatteryProcess();
        ubal = new BalanceProcess(address(forwarder));
        uiface = new BatteryInterface(address(forwarder), ubp, ubal, superAccount);
        ubp.setController(address(uiface));
        ubal.setController(address(uiface));
        vm.startPrank(superAccount);
        uiface.registerEVOwner(evOwner, EV_ID);
        uiface.registerStationOperator(operator, STATION_ID);
        uiface.grantECoin(evOwner, GRANT);
        uiface.grantECoin(operator, GRANT);
        uiface.setEnergyPrice(ENERGY_PRICE);
        uiface.setFee(Operation.Swap, SWAP_FEE);
        vm.stopPrank();

        // The same batteries, with the same ids, on both stacks.
        for (uint256 i; i < 2; ++i) {
            BatteryInterface target = i == 0 ? iface : uiface;
            vm.prank(evOwner);
            evBattery = target.registerBattery(_staticInfo("TOY"), _reading(5_000, 250), 0);
            vm.prank(operator);
            stationBattery = target.registerBattery(_staticInfo("BYD"), _reading(10_000, 500), 0);
        }
        vm.warp(block.timestamp + 1 days);
    }

    function _coldState() internal returns (uint256) {
        address[7] memory all = [
            address(forwarder), address(iface), address(bp), address(bal), address(uiface), address(ubp), address(ubal)
        ];
        for (uint256 i; i < all.length; ++i) {
            VmCoolLayout(address(vm)).cool(all[i]);
        }
        return vm.snapshotState();
    }

    /// @dev Runs `data` as `who` on both stacks from the same cold state; snapshots both; returns their gas.
    function _both(string memory op, address who, bytes memory data)
        internal
        returns (uint256 packed, uint256 unpacked)
    {
        uint256 s = _coldState();
        vm.prank(who);
        (bool ok,) = address(iface).call(data);
        assertTrue(ok);
        packed = vm.snapshotGasLastCall(GROUP, string.concat("packed_", op));
        vm.revertToState(s);
        vm.prank(who);
        (ok,) = address(uiface).call(data);
        assertTrue(ok);
        unpacked = vm.snapshotGasLastCall(GROUP, string.concat("unpacked_", op));
        vm.revertToState(s);
        assertLt(packed, unpacked, string.concat(op, ": packing should save gas"));
    }

    function test_gas_layout_registerBattery() public {
        _both("registerBattery", operator, abi.encodeCall(iface.registerBattery, (_staticInfo(), _reading(), "t")));
    }

    function test_gas_layout_charge() public {
        _both("charge", operator, abi.encodeCall(iface.charge, (stationBattery, 18_000, 900, 45 minutes)));
    }

    function test_gas_layout_discharge() public {
        _both("discharge", evOwner, abi.encodeCall(iface.discharge, (evBattery, 4_000, 200, 20 minutes)));
    }

    function test_gas_layout_requestSwap() public {
        _both("requestSwap", evOwner, abi.encodeCall(iface.requestSwap, (evBattery, stationBattery, type(uint256).max)));
    }
}
