// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Base} from "../utils/Base.t.sol";
import {Handler} from "./Handler.sol";
import {DynamicInfo, BatteryStatus, Role, SwapRequest, SwapStatus, Units} from "../../src/interfaces/BatteryTypes.sol";

/// @notice The system's invariants under random sequences of the handler's actions (see Handler.sol).
contract InvariantsTest is Base {
    Handler internal handler;

    function setUp() public override {
        super.setUp();
        address[] memory evs = new address[](3);
        address[] memory stations = new address[](2);
        evs[0] = evOwner;
        stations[0] = operator;
        (evs[1],) = _newEVOwner("ev2", 2);
        (evs[2],) = _newEVOwner("ev3", 3);
        (stations[1],) = _newStation("station2", 2);
        handler = new Handler(bp, bal, iface, superAccount, evs, stations, bal.totalSupply());

        // Weighted by repetition: the user actions that build state (batteries, swaps) come more often than the
        // super account's and the clock's.
        bytes4[] memory selectors = new bytes4[](21);
        selectors[0] = Handler.registerBattery.selector;
        selectors[1] = Handler.registerBattery.selector;
        selectors[2] = Handler.registerBattery.selector;
        selectors[3] = Handler.charge.selector;
        selectors[4] = Handler.charge.selector;
        selectors[5] = Handler.discharge.selector;
        selectors[6] = Handler.discharge.selector;
        selectors[7] = Handler.requestSwap.selector;
        selectors[8] = Handler.requestSwap.selector;
        selectors[9] = Handler.requestSwap.selector;
        selectors[10] = Handler.approveSwap.selector;
        selectors[11] = Handler.approveSwap.selector;
        selectors[12] = Handler.denySwap.selector;
        selectors[13] = Handler.cancelSwap.selector;
        selectors[14] = Handler.recycle.selector;
        selectors[15] = Handler.grant.selector;
        selectors[16] = Handler.transferECoin.selector;
        selectors[17] = Handler.setFees.selector;
        selectors[18] = Handler.warp.selector;
        selectors[19] = Handler.tryAnything.selector;
        selectors[20] = Handler.suspend.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    /// @notice E-coin is made only by grants: total supply == everything ever granted.
    function invariant_supplyEqualsGrants() public view {
        assertEq(bal.totalSupply(), handler.ghostGranted());
    }

    /// @notice Every E-coin is an actor's, the treasury's, or held in escrow by BatteryInterface.
    function invariant_balancesSumToSupply() public view {
        uint256 sum = bal.balanceOf(address(iface)) + bal.balanceOf(superAccount) + bal.balanceOf(handler.stranger());
        for (uint256 i; i < handler.actorCount(); ++i) {
            sum += bal.balanceOf(handler.actors(i));
        }
        assertEq(sum, bal.totalSupply());
    }

    /// @notice Escrow held by BatteryInterface == the sum of the escrows of pending swaps.
    function invariant_escrowEqualsPendingSwaps() public view {
        uint256 pending;
        uint256 n = iface.swapCount();
        for (uint32 id = 1; id <= n; ++id) {
            SwapRequest memory s = iface.getSwap(id);
            if (s.status == SwapStatus.Pending) pending += s.escrow;
        }
        assertEq(bal.balanceOf(address(iface)), pending);
    }

    /// @notice Each battery has exactly one holder, a registered unit whose account owns the battery; and a
    /// battery is locked if and only if a pending swap names it.
    function invariant_oneRegisteredHolder() public view {
        uint256 n = bp.batteryCount();
        uint256 locked;
        for (uint32 id = 1; id <= n; ++id) {
            DynamicInfo memory d = bp.dynamicInfoOf(id);
            assertTrue(d.status != BatteryStatus.None);
            address account = iface.accountOfUnit(d.holder);
            assertTrue(account != address(0), "holder is not a registered unit");
            assertEq(account, d.owner, "owner is not the holder's account");
            (Role role, uint32 unit) = iface.accountOf(d.owner);
            assertEq(unit, d.holder);
            assertEq(uint8(role), uint8(Units.isStation(d.holder) ? Role.StationOperator : Role.EVOwner));
            if (d.status == BatteryStatus.SwapPending) ++locked;
        }
        uint256 pending;
        uint256 m = iface.swapCount();
        for (uint32 id = 1; id <= m; ++id) {
            SwapRequest memory s = iface.getSwap(id);
            if (s.status != SwapStatus.Pending) continue;
            ++pending;
            assertEq(uint8(bp.dynamicInfoOf(s.evBatteryId).status), uint8(BatteryStatus.SwapPending));
            assertEq(uint8(bp.dynamicInfoOf(s.stationBatteryId).status), uint8(BatteryStatus.SwapPending));
            assertEq(bp.dynamicInfoOf(s.stationBatteryId).holder, s.stationUnit);
        }
        assertEq(locked, 2 * pending);
    }

    /// @notice Static info never changes after registration.
    function invariant_staticInfoNeverChanges() public view {
        uint256 n = handler.batteryCount();
        for (uint256 i; i < n; ++i) {
            uint32 id = handler.batteries(i);
            assertEq(bp.staticHashOf(id), handler.ghostStaticHash(id));
        }
        assertEq(bp.batteryCount(), n, "a battery the handler did not register");
    }

    /// @notice A recycled battery never moves again: its owner, holder, status (and the rest of its dynamic info)
    /// are as they were when it was recycled.
    function invariant_recycledBatteryFrozen() public view {
        uint256 n = handler.recycledCount();
        for (uint256 i; i < n; ++i) {
            uint32 id = handler.recycled(i);
            DynamicInfo memory d = bp.dynamicInfoOf(id);
            assertEq(uint8(d.status), uint8(BatteryStatus.Recycled));
            assertEq(keccak256(abi.encode(d)), handler.ghostRecycledDynamic(id));
        }
    }

    /// @notice A suspended account does nothing: no operation of its succeeds, and the flag is the super
    /// account's last word for each actor.
    function invariant_suspendedAccountsDoNothing() public view {
        assertEq(handler.ghostSuspendedActed(), 0, "a suspended account acted");
        for (uint256 i; i < handler.actorCount(); ++i) {
            address a = handler.actors(i);
            assertEq(iface.isSuspended(a), handler.ghostSuspended(a));
        }
    }
}
