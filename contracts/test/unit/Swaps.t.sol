// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Base} from "../utils/Base.t.sol";
import {IBatteryInterface} from "../../src/interfaces/IBatteryInterface.sol";
import {IBatteryProcess} from "../../src/interfaces/IBatteryProcess.sol";
import {
    StaticInfo,
    BatteryReading,
    DynamicInfo,
    BatteryStatus,
    Role,
    Operation,
    SwapStatus,
    SwapRequest,
    Units
} from "../../src/interfaces/BatteryTypes.sol";

/// @notice requestSwap, approveSwap, denySwap, cancelSwap and the price views they rest on.
/// @dev `_requestSwap()` swaps a quarter-full EV battery (5 kWh) for a full station battery (20 kWh) of the same
/// make, age and use: at T0 both are worth 195.00 E-coin before energy, so the difference is the energy,
/// 15 kWh at 1 E-coin = 1,500 base units, and the EV owner escrows 1,500 + the 100 fee.
contract SwapsTest is Base {
    uint256 internal constant DIFFERENCE = 1_500;
    uint256 internal constant COST = DIFFERENCE + SWAP_FEE;

    address internal evOwner2;
    address internal operator2;

    function setUp() public override {
        super.setUp();
        (evOwner2,) = _newEVOwner("evOwner2", 2);
        (operator2,) = _newStation("operator2", 2);
    }

    function _notYours(address who, uint32 id) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceNotYourBattery.selector, who, id);
    }

    function _notInService(uint32 id) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceBatteryNotInService.selector, id);
    }

    function _notPending(uint32 id) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceSwapNotPending.selector, id);
    }

    function _notParty(address who, uint32 id) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceNotSwapParty.selector, who, id);
    }

    function _unauthorized(address who, Role role) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceUnauthorizedAccount.selector, who, role);
    }

    // ------------------------------------------------------------------ priceOf / quoteSwap

    function test_priceOf_fig6Battery() public {
        // docs/price.md: used = max(1/200, 1/200, 2h/2000h, 6 months/240 months) = 0.025, so
        // 20,000 * 0.975 + 20,000 Wh * 100 / 1000 = 19,500 + 2,000.
        uint32 id = _registerBattery(evOwner);
        assertEq(iface.priceOf(id), 21_500);
    }

    function test_quoteSwap_differenceFeeAndCost() public {
        uint32 evBattery = _registerBattery(evOwner, _staticInfo("TOY"), _reading(5_000, 250));
        uint32 stationBattery = _registerBattery(operator, _staticInfo("BYD"), _reading());
        (int256 difference, uint256 fee, uint256 cost) = iface.quoteSwap(evBattery, stationBattery);
        assertEq(difference, int256(DIFFERENCE));
        assertEq(difference, int256(iface.priceOf(stationBattery)) - int256(iface.priceOf(evBattery)));
        assertEq(fee, SWAP_FEE);
        assertEq(cost, COST);
    }

    function test_quoteSwap_negativeDifferenceCostsOnlyFee() public {
        uint32 evBattery = _registerBattery(evOwner);
        uint32 stationBattery = _registerBattery(operator, _staticInfo(), _reading(5_000, 250));
        (int256 difference,, uint256 cost) = iface.quoteSwap(evBattery, stationBattery);
        assertEq(difference, -int256(DIFFERENCE));
        assertEq(cost, SWAP_FEE);
    }

    function test_getSwap_unknownIsEmpty() public view {
        SwapRequest memory s = iface.getSwap(42);
        assertEq(s.evOwner, address(0));
        assertEq(uint8(s.status), uint8(SwapStatus.None));
        assertEq(s.escrow, 0);
    }

    // ------------------------------------------------------------------ requestSwap

    function test_requestSwap_locksBatteriesAndEscrows() public {
        (uint32 evBattery, uint32 stationBattery, uint32 swapId) = _requestSwap();
        assertEq(swapId, 1);
        assertEq(iface.swapCount(), 1);
        assertEq(uint8(_dyn(evBattery).status), uint8(BatteryStatus.SwapPending));
        assertEq(uint8(_dyn(stationBattery).status), uint8(BatteryStatus.SwapPending));
        assertEq(bal.balanceOf(evOwner), GRANT - COST);
        assertEq(bal.balanceOf(address(iface)), COST);

        SwapRequest memory s = iface.getSwap(swapId);
        assertEq(s.evOwner, evOwner);
        assertEq(s.evBatteryId, evBattery);
        assertEq(s.stationBatteryId, stationBattery);
        assertEq(s.stationUnit, STATION_UNIT);
        assertEq(uint8(s.status), uint8(SwapStatus.Pending));
        assertEq(s.difference, int96(int256(DIFFERENCE)));
        assertEq(s.fee, SWAP_FEE);
        assertEq(s.escrow, COST);
    }

    function test_requestSwap_emitsSwapRequested() public {
        uint32 evBattery = _registerBattery(evOwner, _staticInfo("TOY"), _reading(5_000, 250));
        uint32 stationBattery = _registerBattery(operator, _staticInfo("BYD"), _reading());
        vm.expectEmit(true, false, false, true, address(bp));
        emit IBatteryProcess.BatteryStatusChanged(evBattery, BatteryStatus.SwapPending);
        vm.expectEmit(true, false, false, true, address(bp));
        emit IBatteryProcess.BatteryStatusChanged(stationBattery, BatteryStatus.SwapPending);
        vm.expectEmit(true, true, true, true, address(iface));
        emit IBatteryInterface.SwapRequested(
            1, evOwner, STATION_UNIT, evBattery, stationBattery, int256(DIFFERENCE), SWAP_FEE
        );
        vm.prank(evOwner);
        iface.requestSwap(evBattery, stationBattery, COST);
    }

    function test_requestSwap_negativeDifferenceEscrowsFeeOnly() public {
        uint32 evBattery = _registerBattery(evOwner);
        uint32 stationBattery = _registerBattery(operator, _staticInfo(), _reading(5_000, 250));
        vm.prank(evOwner);
        uint32 swapId = iface.requestSwap(evBattery, stationBattery, SWAP_FEE);
        assertEq(iface.getSwap(swapId).escrow, SWAP_FEE);
        assertEq(iface.getSwap(swapId).difference, -int96(int256(DIFFERENCE)));
        assertEq(bal.balanceOf(address(iface)), SWAP_FEE);
    }

    function test_requestSwap_freeSwapMovesNoECoin() public {
        vm.prank(superAccount);
        iface.setFee(Operation.Swap, 0);
        uint32 evBattery = _registerBattery(evOwner);
        uint32 stationBattery = _registerBattery(operator);
        vm.prank(evOwner);
        uint32 swapId = iface.requestSwap(evBattery, stationBattery, 0);
        assertEq(iface.getSwap(swapId).escrow, 0);
        assertEq(bal.balanceOf(evOwner), GRANT);
    }

    function test_requestSwap_feeFixedAtRequestTime() public {
        (,, uint32 swapId) = _requestSwap();
        vm.prank(superAccount);
        iface.setFee(Operation.Swap, 999);
        assertEq(iface.getSwap(swapId).fee, SWAP_FEE);
        SwapRequest memory t = iface.getSwap(swapId);
        vm.prank(operator);
        iface.approveSwap(swapId, t.evBatteryId, t.stationBatteryId, t.difference);
        assertEq(bal.balanceOf(superAccount), SWAP_FEE);
    }

    function test_RevertWhen_requestSwap_callerStation() public {
        uint32 a = _registerBattery(operator);
        uint32 b = _registerBattery(operator2);
        vm.expectRevert(_unauthorized(operator, Role.EVOwner));
        vm.prank(operator);
        iface.requestSwap(a, b, type(uint256).max);
    }

    function test_RevertWhen_requestSwap_callerUnregistered() public {
        vm.expectRevert(_unauthorized(stranger, Role.EVOwner));
        vm.prank(stranger);
        iface.requestSwap(1, 2, type(uint256).max);
    }

    function test_RevertWhen_requestSwap_evBatteryNotCallers() public {
        uint32 other = _registerBattery(evOwner2);
        uint32 stationBattery = _registerBattery(operator);
        vm.expectRevert(_notYours(evOwner, other));
        vm.prank(evOwner);
        iface.requestSwap(other, stationBattery, type(uint256).max);
    }

    function test_RevertWhen_requestSwap_otherBatteryInAnEV() public {
        uint32 mine = _registerBattery(evOwner);
        uint32 other = _registerBattery(evOwner2);
        vm.expectRevert(_notYours(evOwner, other));
        vm.prank(evOwner);
        iface.requestSwap(mine, other, type(uint256).max);
    }

    function test_RevertWhen_requestSwap_sameBatteryTwice() public {
        uint32 mine = _registerBattery(evOwner);
        vm.expectRevert(_notYours(evOwner, mine));
        vm.prank(evOwner);
        iface.requestSwap(mine, mine, type(uint256).max);
    }

    function test_RevertWhen_requestSwap_evBatteryPending() public {
        (uint32 evBattery,,) = _requestSwap();
        uint32 another = _registerBattery(operator);
        vm.expectRevert(_notInService(evBattery));
        vm.prank(evOwner);
        iface.requestSwap(evBattery, another, type(uint256).max);
    }

    function test_RevertWhen_requestSwap_stationBatteryPending() public {
        (, uint32 stationBattery,) = _requestSwap();
        uint32 theirs = _registerBattery(evOwner2);
        vm.expectRevert(_notInService(stationBattery));
        vm.prank(evOwner2);
        iface.requestSwap(theirs, stationBattery, type(uint256).max);
    }

    function test_RevertWhen_requestSwap_stationBatteryRecycled() public {
        uint32 mine = _registerBattery(evOwner);
        uint32 stationBattery = _registerBattery(operator);
        vm.prank(operator);
        iface.recycle(stationBattery);
        vm.expectRevert(_notInService(stationBattery));
        vm.prank(evOwner);
        iface.requestSwap(mine, stationBattery, type(uint256).max);
    }

    function test_RevertWhen_requestSwap_quoteExceeded() public {
        uint32 evBattery = _registerBattery(evOwner, _staticInfo("TOY"), _reading(5_000, 250));
        uint32 stationBattery = _registerBattery(operator, _staticInfo("BYD"), _reading());
        vm.expectRevert(
            abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceQuoteExceeded.selector, COST, COST - 1)
        );
        vm.prank(evOwner);
        iface.requestSwap(evBattery, stationBattery, COST - 1);
    }

    function test_RevertWhen_requestSwap_escrowUnaffordable() public {
        uint32 evBattery = _registerBattery(evOwner, _staticInfo("TOY"), _reading(5_000, 250));
        uint32 stationBattery = _registerBattery(operator, _staticInfo("BYD"), _reading());
        vm.prank(evOwner);
        bal.transfer(stranger, GRANT - COST + 1);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, evOwner, COST - 1, COST));
        vm.prank(evOwner);
        iface.requestSwap(evBattery, stationBattery, COST);
    }

    function test_RevertWhen_requestSwap_escrowOver64Bits() public {
        vm.prank(superAccount);
        iface.setEnergyPrice(type(uint32).max);
        StaticInfo memory s = _staticInfo();
        s.manufacturePrice = type(uint64).max;
        (s.manufactureYear, s.manufactureMonth) = (2018, 6); // made this month (T0): not aged at all
        BatteryReading memory fresh = _reading(type(uint32).max, 1000);
        fresh.chargingCount = 0;
        fresh.dischargingCount = 0;
        fresh.chargingTotalTime = 0;
        fresh.dischargingTotalTime = 0;
        uint32 stationBattery = _registerBattery(operator, s, fresh);
        uint32 evBattery = _registerBattery(evOwner, _staticInfo(), _reading(0, 0));
        (,, uint256 cost) = iface.quoteSwap(evBattery, stationBattery);
        assertGt(cost, type(uint64).max);
        vm.expectRevert(abi.encodeWithSelector(SafeCast.SafeCastOverflowedUintDowncast.selector, 64, cost));
        vm.prank(evOwner);
        iface.requestSwap(evBattery, stationBattery, cost);
    }

    function test_RevertWhen_requestSwap_unknownBattery() public {
        uint32 mine = _registerBattery(evOwner);
        vm.expectRevert(abi.encodeWithSelector(IBatteryProcess.BatteryProcessUnknownBattery.selector, 77));
        vm.prank(evOwner);
        iface.requestSwap(mine, 77, type(uint256).max);
    }

    function test_RevertWhen_requestSwap_paused() public {
        vm.prank(superAccount);
        iface.setPaused(true);
        vm.expectRevert(IBatteryInterface.BatteryInterfacePaused.selector);
        vm.prank(evOwner);
        iface.requestSwap(1, 2, type(uint256).max);
    }

    // ------------------------------------------------------------------ approveSwap

    function test_approveSwap_movesBothBatteries() public {
        (uint32 evBattery, uint32 stationBattery, uint32 swapId) = _requestSwap();
        SwapRequest memory t = iface.getSwap(swapId);
        vm.prank(operator);
        iface.approveSwap(swapId, t.evBatteryId, t.stationBatteryId, t.difference);
        DynamicInfo memory e = _dyn(evBattery);
        DynamicInfo memory s = _dyn(stationBattery);
        assertEq(e.owner, operator);
        assertEq(e.holder, STATION_UNIT);
        assertEq(uint8(e.status), uint8(BatteryStatus.InService));
        assertEq(s.owner, evOwner);
        assertEq(s.holder, EV_UNIT);
        assertEq(uint8(s.status), uint8(BatteryStatus.InService));
        assertEq(uint8(iface.getSwap(swapId).status), uint8(SwapStatus.Approved));
        assertEq(iface.getSwap(swapId).evOwner, evOwner);
    }

    function test_approveSwap_settlesDifferenceAndFee() public {
        (,, uint32 swapId) = _requestSwap();
        uint256 supply = bal.totalSupply();
        SwapRequest memory t = iface.getSwap(swapId);
        vm.prank(operator);
        iface.approveSwap(swapId, t.evBatteryId, t.stationBatteryId, t.difference);
        assertEq(bal.balanceOf(evOwner), GRANT - COST);
        assertEq(bal.balanceOf(operator), GRANT + DIFFERENCE);
        assertEq(bal.balanceOf(superAccount), SWAP_FEE);
        assertEq(bal.balanceOf(address(iface)), 0);
        assertEq(bal.totalSupply(), supply);
    }

    function test_approveSwap_negativeDifferencePaidByStation() public {
        uint32 evBattery = _registerBattery(evOwner);
        uint32 stationBattery = _registerBattery(operator, _staticInfo(), _reading(5_000, 250));
        vm.prank(evOwner);
        uint32 swapId = iface.requestSwap(evBattery, stationBattery, SWAP_FEE);
        SwapRequest memory t = iface.getSwap(swapId);
        vm.prank(operator);
        iface.approveSwap(swapId, t.evBatteryId, t.stationBatteryId, t.difference);
        assertEq(bal.balanceOf(evOwner), GRANT - SWAP_FEE + DIFFERENCE);
        assertEq(bal.balanceOf(operator), GRANT - DIFFERENCE);
        assertEq(bal.balanceOf(superAccount), SWAP_FEE);
        assertEq(bal.balanceOf(address(iface)), 0);
    }

    function test_approveSwap_emitsEvents() public {
        (uint32 evBattery, uint32 stationBattery, uint32 swapId) = _requestSwap();
        SwapRequest memory t = iface.getSwap(swapId);
        vm.expectEmit(true, true, true, true, address(bp));
        emit IBatteryProcess.BatteryTransferred(evBattery, evOwner, operator, STATION_UNIT);
        vm.expectEmit(true, true, true, true, address(bp));
        emit IBatteryProcess.BatteryTransferred(stationBattery, operator, evOwner, EV_UNIT);
        vm.expectEmit(true, true, false, false, address(iface));
        emit IBatteryInterface.SwapApproved(swapId, operator);
        vm.prank(operator);
        iface.approveSwap(swapId, t.evBatteryId, t.stationBatteryId, t.difference);
    }

    function test_approveSwap_batteriesUsableByNewOwners() public {
        (uint32 evBattery, uint32 stationBattery, uint32 swapId) = _requestSwap();
        SwapRequest memory t = iface.getSwap(swapId);
        vm.prank(operator);
        iface.approveSwap(swapId, t.evBatteryId, t.stationBatteryId, t.difference);
        vm.prank(operator);
        iface.charge(evBattery, 20_000, 1000, 1 hours);
        vm.prank(evOwner);
        iface.discharge(stationBattery, 10_000, 500, 1 hours);
    }

    function test_RevertWhen_approveSwap_alreadyApproved() public {
        (,, uint32 swapId) = _requestSwap();
        SwapRequest memory t = iface.getSwap(swapId);
        vm.prank(operator);
        iface.approveSwap(swapId, t.evBatteryId, t.stationBatteryId, t.difference);
        SwapRequest memory t2 = iface.getSwap(swapId);
        vm.expectRevert(_notPending(swapId));
        vm.prank(operator);
        iface.approveSwap(swapId, t2.evBatteryId, t2.stationBatteryId, t2.difference);
    }

    function test_RevertWhen_approveSwap_unknownSwap() public {
        SwapRequest memory t = iface.getSwap(5);
        vm.expectRevert(_notPending(5));
        vm.prank(operator);
        iface.approveSwap(5, t.evBatteryId, t.stationBatteryId, t.difference);
    }

    function test_RevertWhen_approveSwap_anotherStation() public {
        (,, uint32 swapId) = _requestSwap();
        SwapRequest memory t = iface.getSwap(swapId);
        vm.expectRevert(_notParty(operator2, swapId));
        vm.prank(operator2);
        iface.approveSwap(swapId, t.evBatteryId, t.stationBatteryId, t.difference);
    }

    function test_RevertWhen_approveSwap_callerEVOwner() public {
        (,, uint32 swapId) = _requestSwap();
        SwapRequest memory t = iface.getSwap(swapId);
        vm.expectRevert(_unauthorized(evOwner, Role.StationOperator));
        vm.prank(evOwner);
        iface.approveSwap(swapId, t.evBatteryId, t.stationBatteryId, t.difference);
    }

    function test_RevertWhen_approveSwap_stationCannotPayDifference() public {
        uint32 evBattery = _registerBattery(evOwner);
        uint32 stationBattery = _registerBattery(operator, _staticInfo(), _reading(5_000, 250));
        vm.prank(evOwner);
        uint32 swapId = iface.requestSwap(evBattery, stationBattery, SWAP_FEE);
        vm.prank(operator);
        bal.transfer(stranger, GRANT);
        SwapRequest memory t = iface.getSwap(swapId);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, operator, 0, DIFFERENCE));
        vm.prank(operator);
        iface.approveSwap(swapId, t.evBatteryId, t.stationBatteryId, t.difference);
    }

    function test_RevertWhen_approveSwap_paused() public {
        (,, uint32 swapId) = _requestSwap();
        vm.prank(superAccount);
        iface.setPaused(true);
        SwapRequest memory t = iface.getSwap(swapId);
        vm.expectRevert(IBatteryInterface.BatteryInterfacePaused.selector);
        vm.prank(operator);
        iface.approveSwap(swapId, t.evBatteryId, t.stationBatteryId, t.difference);
    }

    // ------------------------------------------------------------------ denySwap

    function test_denySwap_movesNothingAndRefunds() public {
        (uint32 evBattery, uint32 stationBattery, uint32 swapId) = _requestSwap();
        SwapRequest memory t = iface.getSwap(swapId);
        vm.expectEmit(true, true, false, false, address(iface));
        emit IBatteryInterface.SwapDenied(swapId, operator);
        vm.prank(operator);
        iface.denySwap(swapId, t.evBatteryId, t.stationBatteryId, t.difference);
        assertEq(_dyn(evBattery).owner, evOwner);
        assertEq(_dyn(stationBattery).owner, operator);
        assertEq(uint8(_dyn(evBattery).status), uint8(BatteryStatus.InService));
        assertEq(uint8(_dyn(stationBattery).status), uint8(BatteryStatus.InService));
        assertEq(bal.balanceOf(evOwner), GRANT);
        assertEq(bal.balanceOf(address(iface)), 0);
        assertEq(uint8(iface.getSwap(swapId).status), uint8(SwapStatus.Denied));
    }

    function test_denySwap_batteriesCanBeSwappedAgain() public {
        (uint32 evBattery, uint32 stationBattery, uint32 swapId) = _requestSwap();
        SwapRequest memory t = iface.getSwap(swapId);
        vm.prank(operator);
        iface.denySwap(swapId, t.evBatteryId, t.stationBatteryId, t.difference);
        vm.prank(evOwner);
        assertEq(iface.requestSwap(evBattery, stationBattery, COST), swapId + 1);
    }

    function test_RevertWhen_denySwap_notPending() public {
        (,, uint32 swapId) = _requestSwap();
        SwapRequest memory t = iface.getSwap(swapId);
        vm.prank(operator);
        iface.denySwap(swapId, t.evBatteryId, t.stationBatteryId, t.difference);
        SwapRequest memory t2 = iface.getSwap(swapId);
        vm.expectRevert(_notPending(swapId));
        vm.prank(operator);
        iface.denySwap(swapId, t2.evBatteryId, t2.stationBatteryId, t2.difference);
    }

    function test_RevertWhen_denySwap_anotherStation() public {
        (,, uint32 swapId) = _requestSwap();
        SwapRequest memory t = iface.getSwap(swapId);
        vm.expectRevert(_notParty(operator2, swapId));
        vm.prank(operator2);
        iface.denySwap(swapId, t.evBatteryId, t.stationBatteryId, t.difference);
    }

    function test_RevertWhen_denySwap_callerEVOwner() public {
        (,, uint32 swapId) = _requestSwap();
        SwapRequest memory t = iface.getSwap(swapId);
        vm.expectRevert(_unauthorized(evOwner, Role.StationOperator));
        vm.prank(evOwner);
        iface.denySwap(swapId, t.evBatteryId, t.stationBatteryId, t.difference);
    }

    // ------------------------------------------------------------------ cancelSwap

    function test_cancelSwap_movesNothingAndRefunds() public {
        (uint32 evBattery, uint32 stationBattery, uint32 swapId) = _requestSwap();
        vm.expectEmit(true, true, false, false, address(iface));
        emit IBatteryInterface.SwapCancelled(swapId, evOwner);
        vm.prank(evOwner);
        iface.cancelSwap(swapId);
        assertEq(uint8(_dyn(evBattery).status), uint8(BatteryStatus.InService));
        assertEq(uint8(_dyn(stationBattery).status), uint8(BatteryStatus.InService));
        assertEq(bal.balanceOf(evOwner), GRANT);
        assertEq(bal.balanceOf(address(iface)), 0);
        assertEq(uint8(iface.getSwap(swapId).status), uint8(SwapStatus.Cancelled));
    }

    function test_RevertWhen_cancelSwap_anotherEVOwner() public {
        (,, uint32 swapId) = _requestSwap();
        vm.expectRevert(_notParty(evOwner2, swapId));
        vm.prank(evOwner2);
        iface.cancelSwap(swapId);
    }

    function test_RevertWhen_cancelSwap_callerStation() public {
        (,, uint32 swapId) = _requestSwap();
        vm.expectRevert(_unauthorized(operator, Role.EVOwner));
        vm.prank(operator);
        iface.cancelSwap(swapId);
    }

    function test_RevertWhen_cancelSwap_notPending() public {
        (,, uint32 swapId) = _requestSwap();
        SwapRequest memory t = iface.getSwap(swapId);
        vm.prank(operator);
        iface.approveSwap(swapId, t.evBatteryId, t.stationBatteryId, t.difference);
        vm.expectRevert(_notPending(swapId));
        vm.prank(evOwner);
        iface.cancelSwap(swapId);
    }

    function test_RevertWhen_cancelSwap_paused() public {
        (,, uint32 swapId) = _requestSwap();
        vm.prank(superAccount);
        iface.setPaused(true);
        vm.expectRevert(IBatteryInterface.BatteryInterfacePaused.selector);
        vm.prank(evOwner);
        iface.cancelSwap(swapId);
    }

    function test_stationUnitOfSwapIsTheStationHoldingTheBattery() public {
        uint32 mine = _registerBattery(evOwner);
        uint32 theirs = _registerBattery(operator2);
        vm.prank(evOwner);
        uint32 swapId = iface.requestSwap(mine, theirs, type(uint256).max);
        assertEq(iface.getSwap(swapId).stationUnit, Units.station(2));
    }

    // ------------------------------------------------------------------ forks: approval names what it approves

    /// @dev Two EVs ask the same station for a swap. The operator sees swap 1 as EV 1's request. A fork then
    /// includes the two requests in the other order, so id 1 is EV 2's. Approving "swap 1" as seen (EV 1's
    /// batteries and difference) reverts, naming what id 1 holds now; nothing moved. Approving EV 2's request
    /// by its own terms, or EV 1's under its new id, settles the request the operator meant.
    function test_RevertWhen_approveSwap_forkReorderedRequests() public {
        uint32 ev1Battery = _registerBattery(evOwner, _staticInfo("TOY"), _reading(5_000, 250));
        // EV 2's battery holds less, so the two requests differ in price as well as in batteries.
        uint32 ev2Battery = _registerBattery(evOwner2, _staticInfo("TOY"), _reading(2_000, 100));
        uint32 station1Battery = _registerBattery(operator, _staticInfo("BYD"), _reading());
        uint32 station2Battery = _registerBattery(operator, _staticInfo("BYD"), _reading());
        uint256 beforeRequests = vm.snapshotState();

        // The chain the operator saw: EV 1 first.
        vm.prank(evOwner);
        uint32 seenId = iface.requestSwap(ev1Battery, station1Battery, type(uint256).max);
        vm.prank(evOwner2);
        iface.requestSwap(ev2Battery, station2Battery, type(uint256).max);
        SwapRequest memory seen = iface.getSwap(seenId);
        assertEq(seen.evOwner, evOwner);

        // The fork that wins: the same two requests, EV 2 first.
        vm.revertToState(beforeRequests);
        vm.prank(evOwner2);
        uint32 ev2Id = iface.requestSwap(ev2Battery, station2Battery, type(uint256).max);
        vm.prank(evOwner);
        uint32 ev1Id = iface.requestSwap(ev1Battery, station1Battery, type(uint256).max);
        assertEq(ev2Id, seenId, "the fork gave the seen id to the other request");
        SwapRequest memory now_ = iface.getSwap(seenId);
        assertEq(now_.evOwner, evOwner2);

        bytes memory mismatch = abi.encodeWithSelector(
            IBatteryInterface.BatteryInterfaceSwapTermsMismatch.selector,
            seenId,
            ev2Battery,
            station2Battery,
            int256(now_.difference)
        );
        vm.expectRevert(mismatch);
        vm.prank(operator);
        iface.approveSwap(seenId, seen.evBatteryId, seen.stationBatteryId, seen.difference);
        // Denying it as seen is refused the same way.
        vm.expectRevert(mismatch);
        vm.prank(operator);
        iface.denySwap(seenId, seen.evBatteryId, seen.stationBatteryId, seen.difference);
        assertEq(uint8(iface.getSwap(seenId).status), uint8(SwapStatus.Pending));
        assertEq(_dyn(ev2Battery).owner, evOwner2);
        assertEq(_dyn(station2Battery).owner, operator);

        // The request the operator meant, under the id the fork gave it, with the same terms.
        vm.prank(operator);
        iface.approveSwap(ev1Id, seen.evBatteryId, seen.stationBatteryId, seen.difference);
        assertEq(_dyn(ev1Battery).owner, operator);
        assertEq(_dyn(station1Battery).owner, evOwner);
        assertEq(uint8(iface.getSwap(seenId).status), uint8(SwapStatus.Pending));
    }

    /// @dev The terms are all checked: another EV battery, another station battery or another difference.
    function test_RevertWhen_approveSwap_anyTermDiffers() public {
        (uint32 evBattery, uint32 stationBattery, uint32 swapId) = _requestSwap();
        int256 d = int256(DIFFERENCE);
        bytes memory mismatch = abi.encodeWithSelector(
            IBatteryInterface.BatteryInterfaceSwapTermsMismatch.selector, swapId, evBattery, stationBattery, d
        );
        vm.startPrank(operator);
        vm.expectRevert(mismatch);
        iface.approveSwap(swapId, evBattery + 1, stationBattery, d);
        vm.expectRevert(mismatch);
        iface.approveSwap(swapId, evBattery, stationBattery + 1, d);
        vm.expectRevert(mismatch);
        iface.approveSwap(swapId, evBattery, stationBattery, d - 1);
        vm.expectRevert(mismatch);
        iface.denySwap(swapId, evBattery, stationBattery, d + 1);
        iface.approveSwap(swapId, evBattery, stationBattery, d);
        vm.stopPrank();
    }
}
