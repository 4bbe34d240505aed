// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Base} from "../utils/Base.t.sol";
import {BatteryInterface} from "../../src/BatteryInterface.sol";
import {IBatteryInterface} from "../../src/interfaces/IBatteryInterface.sol";
import {BatteryHold, BatteryStatus, ForfeitTo, HoldTerms, Operation, Units} from "../../src/interfaces/BatteryTypes.sol";

/// @notice holdBattery, releaseHold and the hold's effect on requestSwap: a station battery held for one EV is
/// offered to no one else until the hold ends; its fee sits in escrow and goes back on use, or where the super
/// account's terms say when unused.
contract HoldsTest is Base {
    uint256 internal constant HOLD_FEE = 50;
    address internal evOwner2;

    uint32 internal evBattery;
    uint32 internal evBattery2;
    uint32 internal stationBattery;

    function setUp() public override {
        super.setUp();
        (evOwner2,) = _newEVOwner("evOwner2", 2);
        vm.prank(superAccount);
        iface.setHoldTerms(15 minutes, HOLD_FEE, ForfeitTo.Station);
        evBattery = _registerBattery(evOwner, _staticInfo("TOY"), _reading(5_000, 250));
        evBattery2 = _registerBattery(evOwner2, _staticInfo("TOY"), _reading(5_000, 250));
        stationBattery = _registerBattery(operator);
    }

    function _held(uint32 id, uint32 evUnit, uint256 until) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceBatteryHeld.selector, id, evUnit, until);
    }

    function _hold(address who, uint32 id) internal {
        vm.prank(who);
        iface.holdBattery(id);
    }

    // ------------------------------------------------------------------ holding

    function test_holdBattery_escrowsFeeAndRecordsTheHold() public {
        uint256 before = bal.balanceOf(evOwner);
        vm.expectEmit(address(iface));
        emit IBatteryInterface.BatteryHeld(stationBattery, evOwner, STATION_UNIT, uint64(T0 + 15 minutes), HOLD_FEE);
        _hold(evOwner, stationBattery);

        assertEq(bal.balanceOf(evOwner), before - HOLD_FEE);
        assertEq(bal.balanceOf(address(iface)), HOLD_FEE);
        BatteryHold memory h = iface.holdOf(stationBattery);
        assertEq(h.evOwner, evOwner);
        assertEq(h.evUnit, EV_UNIT);
        assertEq(h.stationUnit, STATION_UNIT);
        assertEq(h.until, T0 + 15 minutes);
        assertEq(h.fee, HOLD_FEE);
        assertEq(iface.heldBy(EV_UNIT), stationBattery);
        // A hold is not a lock: the station may still charge the battery it holds for the EV.
        assertEq(uint8(_dyn(stationBattery).status), uint8(BatteryStatus.InService));
    }

    function test_holdTerms_defaultIsFifteenMinutesWithoutFee() public {
        BatteryInterface fresh = new BatteryInterface(address(forwarder), bp, bal, superAccount);
        HoldTerms memory t = fresh.holdTerms();
        assertEq(t.duration, 15 minutes);
        assertEq(t.fee, 0);
        assertEq(uint8(t.forfeitTo), uint8(ForfeitTo.Station));
    }

    function test_RevertWhen_holdBattery_heldForAnotherEV() public {
        _hold(evOwner, stationBattery);
        vm.prank(evOwner2);
        vm.expectRevert(_held(stationBattery, EV_UNIT, T0 + 15 minutes));
        iface.holdBattery(stationBattery);
    }

    function test_RevertWhen_requestSwap_heldForAnotherEV() public {
        _hold(evOwner, stationBattery);
        vm.warp(T0 + 15 minutes - 1);
        vm.prank(evOwner2);
        vm.expectRevert(_held(stationBattery, EV_UNIT, T0 + 15 minutes));
        iface.requestSwap(evBattery2, stationBattery, type(uint256).max);
    }

    function test_RevertWhen_holdBattery_secondHoldOfOneEV() public {
        uint32 other = _registerBattery(operator);
        _hold(evOwner, stationBattery);
        vm.prank(evOwner);
        vm.expectRevert(
            abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceAlreadyHolding.selector, EV_UNIT, stationBattery)
        );
        iface.holdBattery(other);
    }

    function test_holdBattery_anExpiredHoldOfTheSameEVEndsFirst() public {
        uint32 other = _registerBattery(operator);
        _hold(evOwner, stationBattery);
        vm.warp(T0 + 15 minutes);
        uint256 stationBefore = bal.balanceOf(operator);
        _hold(evOwner, other);
        assertEq(iface.holdOf(stationBattery).until, 0);
        assertEq(iface.heldBy(EV_UNIT), other);
        assertEq(bal.balanceOf(operator), stationBefore + HOLD_FEE, "the expired hold's fee went to the station");
        assertEq(bal.balanceOf(address(iface)), HOLD_FEE, "only the new hold's fee is in escrow");
    }

    function test_holdBattery_theSameBatteryAgainAfterItsHoldRanOut_endsItOnce() public {
        _hold(evOwner, stationBattery);
        vm.warp(T0 + 15 minutes);
        uint256 stationBefore = bal.balanceOf(operator);
        _hold(evOwner, stationBattery);
        assertEq(bal.balanceOf(operator), stationBefore + HOLD_FEE, "the first hold's fee paid once");
        assertEq(bal.balanceOf(address(iface)), HOLD_FEE, "the new hold's fee alone in escrow");
        assertEq(iface.holdOf(stationBattery).until, T0 + 30 minutes);
        assertEq(iface.heldBy(EV_UNIT), stationBattery);
    }

    function test_RevertWhen_holdBattery_anEVsBattery() public {
        vm.prank(evOwner);
        vm.expectRevert(
            abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceNotYourBattery.selector, evOwner, evBattery2)
        );
        iface.holdBattery(evBattery2);
    }

    function test_RevertWhen_holdBattery_lockedBySwap() public {
        vm.prank(evOwner2);
        iface.requestSwap(evBattery2, stationBattery, type(uint256).max);
        vm.prank(evOwner);
        vm.expectRevert(
            abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceBatteryNotInService.selector, stationBattery)
        );
        iface.holdBattery(stationBattery);
    }

    function test_RevertWhen_holdBattery_byStation() public {
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(
                IBatteryInterface.BatteryInterfaceUnauthorizedAccount.selector, operator, uint8(1) /* EVOwner */
            )
        );
        iface.holdBattery(stationBattery);
    }

    // ------------------------------------------------------------------ using the hold

    function test_requestSwap_usesTheHoldAndGivesTheFeeBack() public {
        _hold(evOwner, stationBattery);
        uint256 before = bal.balanceOf(evOwner);
        (,, uint256 cost) = iface.quoteSwap(evBattery, stationBattery);
        vm.expectEmit(address(iface));
        emit IBatteryInterface.BatteryHoldEnded(stationBattery, evOwner, STATION_UNIT, true, evOwner, HOLD_FEE);
        vm.prank(evOwner);
        iface.requestSwap(evBattery, stationBattery, type(uint256).max);

        assertEq(bal.balanceOf(evOwner), before + HOLD_FEE - cost);
        assertEq(iface.holdOf(stationBattery).until, 0);
        assertEq(iface.heldBy(EV_UNIT), 0);
        assertEq(bal.balanceOf(address(iface)), cost, "only the swap's escrow stays");
    }

    function test_requestSwap_anotherEVTakesAnExpiredHoldsBattery() public {
        _hold(evOwner, stationBattery);
        vm.warp(T0 + 15 minutes);
        uint256 stationBefore = bal.balanceOf(operator);
        vm.prank(evOwner2);
        iface.requestSwap(evBattery2, stationBattery, type(uint256).max);
        assertEq(bal.balanceOf(operator), stationBefore + HOLD_FEE);
        assertEq(iface.heldBy(EV_UNIT), 0);
    }

    function test_requestSwap_theHoldersOwnExpiredHoldIsForfeited() public {
        _hold(evOwner, stationBattery);
        vm.warp(T0 + 15 minutes);
        uint256 stationBefore = bal.balanceOf(operator);
        vm.expectEmit(address(iface));
        emit IBatteryInterface.BatteryHoldEnded(stationBattery, evOwner, STATION_UNIT, false, operator, HOLD_FEE);
        vm.prank(evOwner);
        iface.requestSwap(evBattery, stationBattery, type(uint256).max);
        assertEq(bal.balanceOf(operator), stationBefore + HOLD_FEE);
    }

    // ------------------------------------------------------------------ releasing

    function test_releaseHold_byItsEVBeforeExpiryPaysTheStation() public {
        _hold(evOwner, stationBattery);
        uint256 stationBefore = bal.balanceOf(operator);
        vm.prank(evOwner);
        iface.releaseHold(stationBattery);
        assertEq(bal.balanceOf(operator), stationBefore + HOLD_FEE);
        assertEq(iface.holdOf(stationBattery).until, 0);
        _hold(evOwner2, stationBattery);
    }

    function test_RevertWhen_releaseHold_byAnotherBeforeExpiry() public {
        _hold(evOwner, stationBattery);
        vm.prank(stranger);
        vm.expectRevert(
            abi.encodeWithSelector(
                IBatteryInterface.BatteryInterfaceHoldRunning.selector, stationBattery, uint64(T0 + 15 minutes)
            )
        );
        iface.releaseHold(stationBattery);
    }

    function test_releaseHold_byAnyoneAfterExpiry() public {
        _hold(evOwner, stationBattery);
        vm.warp(T0 + 15 minutes);
        vm.prank(stranger);
        iface.releaseHold(stationBattery);
        assertEq(iface.heldBy(EV_UNIT), 0);
    }

    function test_RevertWhen_releaseHold_noHold() public {
        vm.expectRevert(abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceNoHold.selector, stationBattery));
        iface.releaseHold(stationBattery);
    }

    function test_releaseHold_feeGoesWhereTheTermsSaidWhenTaken() public {
        vm.prank(superAccount);
        iface.setHoldTerms(10 minutes, HOLD_FEE, ForfeitTo.Treasury);
        _hold(evOwner, stationBattery);
        // New terms do not change a hold already taken.
        vm.prank(superAccount);
        iface.setHoldTerms(10 minutes, HOLD_FEE, ForfeitTo.EVOwner);
        vm.warp(T0 + 10 minutes);
        uint256 treasuryBefore = bal.balanceOf(superAccount);
        iface.releaseHold(stationBattery);
        assertEq(bal.balanceOf(superAccount), treasuryBefore + HOLD_FEE);

        _hold(evOwner, stationBattery);
        uint256 evBefore = bal.balanceOf(evOwner);
        vm.warp(block.timestamp + 10 minutes);
        iface.releaseHold(stationBattery);
        assertEq(bal.balanceOf(evOwner), evBefore + HOLD_FEE, "ForfeitTo.EVOwner gives it back");
    }

    // ------------------------------------------------------------------ terms

    function test_RevertWhen_setHoldTerms_notSuper() public {
        vm.prank(evOwner);
        vm.expectRevert(abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceNotSuperAccount.selector, evOwner));
        iface.setHoldTerms(15 minutes, 0, ForfeitTo.Station);
    }

    function test_RevertWhen_setHoldTerms_underAMinute() public {
        vm.prank(superAccount);
        vm.expectRevert(abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceInvalidHoldDuration.selector, 59));
        iface.setHoldTerms(59, 0, ForfeitTo.Station);
    }

    function test_RevertWhen_holdBattery_paused() public {
        vm.prank(superAccount);
        iface.setPaused(true);
        vm.prank(evOwner);
        vm.expectRevert(IBatteryInterface.BatteryInterfacePaused.selector);
        iface.holdBattery(stationBattery);
    }

    /// @dev Whatever order EVs hold, use, release and let expire, the escrow holds exactly the live holds'
    /// fees, and the total E-coin does not change.
    function testFuzz_holdsConserveECoin(uint8[24] calldata steps) public {
        uint256 supply = bal.totalSupply();
        address[2] memory evs = [evOwner, evOwner2];
        uint32[2] memory mine = [evBattery, evBattery2];
        uint32 other = _registerBattery(operator);
        uint32[2] memory offered = [stationBattery, other];
        for (uint256 i = 0; i < steps.length; i++) {
            uint8 s = steps[i];
            address ev = evs[s & 1];
            uint32 battery = offered[(s >> 1) & 1];
            uint8 action = (s >> 2) % 4;
            vm.prank(ev);
            if (action == 0) {
                try iface.holdBattery(battery) {} catch {}
            } else if (action == 1) {
                try iface.releaseHold(battery) {} catch {}
            } else if (action == 2) {
                vm.warp(block.timestamp + 6 minutes);
            } else {
                try iface.requestSwap(mine[s & 1], battery, type(uint256).max) returns (uint32 swapId) {
                    vm.prank(ev);
                    iface.cancelSwap(swapId);
                } catch {}
            }
            uint256 live;
            for (uint256 b = 0; b < 2; b++) {
                BatteryHold memory h = iface.holdOf(offered[b]);
                if (h.until != 0) live += h.fee;
            }
            assertEq(bal.balanceOf(address(iface)), live);
            assertEq(bal.totalSupply(), supply);
        }
    }
}
